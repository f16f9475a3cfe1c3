/* test_batch.c — the batch API (conv/batch.h) with a writer made for the
 * test: each worker makes one context in its own thread and reuses it; a
 * writer that cannot start fails the run with its status; a failing
 * article fails alone; results come in order; --combine calls the writer
 * once with every document. */
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conv/batch/batch.h"
#include "check.h"

#define ARTICLES 24
#define JOBS 3

typedef struct test_ctx {
	pthread_t owner;
	int books;
	int shared;               /* used by a thread that did not make it */
} test_ctx;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int creates, destroys, fail_create, combined_docs, writes;
static test_ctx *contexts[64];

static docconv_status t_create(const docconv_write_opts *o, void **ctx,
                               docconv_diag *d)
{
	(void)o;
	if (fail_create)
		return docconv_fail(d, DOCCONV_ERR_FONT, "no usable font (test)");
	test_ctx *c = calloc(1, sizeof *c);
	c->owner = pthread_self();
	pthread_mutex_lock(&lock);
	contexts[creates++] = c;
	pthread_mutex_unlock(&lock);
	*ctx = c;
	return DOCCONV_OK;
}

static void t_destroy(void *ctx)
{
	pthread_mutex_lock(&lock);
	destroys++;
	pthread_mutex_unlock(&lock);
	(void)ctx;   /* freed at the end, after the checks */
}

/* Writes the first document's title; an article titled "Failing headline
 * of the test" fails. */
static docconv_status t_write(void *ctx, const docconv_book *book,
                              const docconv_write_opts *o, docconv_sink *sink,
                              docconv_diag *d)
{
	(void)o;
	test_ctx *c = ctx;
	pthread_mutex_lock(&lock);
	writes++;
	if (book->n_docs > 1)
		combined_docs = (int)book->n_docs;
	pthread_mutex_unlock(&lock);
	if (c) {
		if (!pthread_equal(c->owner, pthread_self()))
			c->shared = 1;
		c->books++;
	}
	const char *t = docconv_doc_meta(book->docs[0])->title;
	if (t && strcmp(t, "Failing headline of the test") == 0)
		return docconv_fail(d, DOCCONV_ERR_INTERNAL, "refused by the test");
	return docconv_sink_puts(sink, t ? t : "(none)");
}

static const docconv_writer test_writer = { "test", "out", 0, 0, t_create,
                                            t_write, t_destroy };

typedef struct seen {
	size_t items, next_index, failed, converted;
	int in_order;
	size_t last_done, last_total;
} seen;

static void on_item(void *user, const docconv_batch_item *item)
{
	seen *s = user;
	if (item->index != s->next_index)
		s->in_order = 0;
	s->next_index++;
	s->items++;
	if (item->result == DOCCONV_ITEM_FAILED)
		s->failed++;
	else if (item->result == DOCCONV_ITEM_CONVERTED)
		s->converted++;
}

static void on_progress(void *user, const docconv_batch_progress *p)
{
	seen *s = user;
	s->last_done = p->done;
	s->last_total = p->total;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static void remove_tree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char sub[4096];
	while (d && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		struct stat sb;
		if (lstat(sub, &sb) == 0 && S_ISDIR(sb.st_mode))
			remove_tree(sub);
		else
			unlink(sub);
	}
	if (d)
		closedir(d);
	rmdir(path);
}

static docconv_status run_batch(const char *in, const char *out,
                                docconv_batch_output kind, seen *s,
                                docconv_diag *d)
{
	docconv_batch *b = NULL;
	docconv_batch_opts o;
	docconv_batch_summary sum;
	docconv_batch_opts_init(&o);
	o.writer = &test_writer;
	o.output = out;
	o.output_kind = kind;
	o.jobs = JOBS;
	o.on_item = on_item;
	o.on_progress = on_progress;
	o.user = s;
	memset(s, 0, sizeof *s);
	s->in_order = 1;
	docconv_status st = docconv_batch_new(&b, &o, d);
	if (st == DOCCONV_OK)
		st = docconv_batch_add_path(b, in, d);
	if (st == DOCCONV_OK)
		st = docconv_batch_run(b, &sum, d);
	if (st == DOCCONV_OK)
		CHECK(sum.articles == ARTICLES && sum.jobs == JOBS);
	docconv_batch_free(b);
	return st;
}

int main(void)
{
	char root[] = "/tmp/test_batch.XXXXXX";
	char in[64], out[64], path[128];
	CHECK(mkdtemp(root) != NULL);
	snprintf(in, sizeof in, "%s/in", root);
	snprintf(out, sizeof out, "%s/out", root);
	mkdir(in, 0777);
	for (int i = 0; i < ARTICLES; i++) {
		char text[256];
		snprintf(path, sizeof path, "%s/a%d.txt", in, i);
		if (i == 7)
			snprintf(text, sizeof text, "Failing headline of the test\n\n"
			         "This one the writer refuses.\n");
		else
			snprintf(text, sizeof text, "Headline %d of the test\n\nBody "
			         "paragraph of article %d, which ends here.\n", i, i);
		write_file(path, text);
	}

	/* One context per worker, made in that worker, reused, destroyed. */
	seen s;
	docconv_diag d;
	docconv_diag_init(&d, NULL);
	CHECK(run_batch(in, out, DOCCONV_BATCH_TO_FOLDER, &s, &d) == DOCCONV_OK);
	CHECK(creates == JOBS && destroys == JOBS);
	int books = 0;
	for (int i = 0; i < creates; i++) {
		CHECK(!contexts[i]->shared);
		books += contexts[i]->books;
		for (int j = 0; j < i; j++)
			CHECK(!pthread_equal(contexts[i]->owner, contexts[j]->owner));
	}
	CHECK(books == ARTICLES);
	CHECK(s.items == ARTICLES && s.in_order);
	CHECK(s.failed == 1 && s.converted == ARTICLES - 1);
	CHECK(s.last_done == ARTICLES && s.last_total == ARTICLES);
	snprintf(path, sizeof path, "%s/a10.out", out);
	CHECK(access(path, F_OK) == 0);
	snprintf(path, sizeof path, "%s/a7.out", out);
	CHECK(access(path, F_OK) != 0);
	docconv_diag_free(&d);
	for (int i = 0; i < creates; i++)
		free(contexts[i]);
	creates = destroys = 0;

	/* A writer that cannot start fails the run, with its own status. */
	remove_tree(out);
	fail_create = 1;
	docconv_diag_init(&d, NULL);
	CHECK(run_batch(in, out, DOCCONV_BATCH_TO_FOLDER, &s, &d) == DOCCONV_ERR_FONT);
	CHECK(d.n_errors >= 1 && strstr(d.entries[0].message, "no usable font"));
	CHECK(s.converted == 0);
	docconv_diag_free(&d);
	fail_create = 0;

	/* --combine: no worker needs a context; the writer runs once. */
	snprintf(path, sizeof path, "%s/book.out", root);
	writes = 0;
	docconv_diag_init(&d, NULL);
	CHECK(run_batch(in, path, DOCCONV_BATCH_TO_BOOK, &s, &d) == DOCCONV_OK);
	CHECK(writes == 1 && combined_docs == ARTICLES);
	CHECK(creates == 1 && destroys == 1);
	CHECK(access(path, F_OK) == 0);
	docconv_diag_free(&d);
	for (int i = 0; i < creates; i++)
		free(contexts[i]);

	remove_tree(root);
	return check_report("batch");
}
