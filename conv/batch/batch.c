/* batch.c — a batch run (batch.h): naming and sharding the entries, the
 * worker pool, the collector that keeps entry order, and the outputs.
 *
 * Workers take articles in order from a shared counter and leave each
 * result in a ring of slots; the collector (the calling thread) takes the
 * slots in order, so reports, zip entries and book chapters come out the
 * same for any number of workers. A worker waits rather than run more than
 * the ring's size ahead of the collector, which bounds the memory a slow
 * article can make the others pile up.
 */
#include "batch_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "conv/core/mem.h"
#include "conv/core/names.h"
#include "conv/core/sink.h"
#include "formats/archive/archive.h"

/* Results a worker may run ahead of the collector, per worker: enough to
 * keep every worker busy past one slow article, few enough that -o OUT.zip
 * holds only a handful of outputs in memory. */
#define WINDOW_PER_JOB 4

typedef struct slot {
	int ready;
	docconv_item_result result;
	docconv_status status;
	docconv_diag diag;
	unsigned char *data;     /* TO_ZIP: the output's bytes */
	size_t n;
	docconv_doc *doc;        /* TO_BOOK: the model */
	docconv_part *parts;     /* TO_ZIP with --split: each article's bytes */
	size_t n_parts;
} slot;

/* The folders a run writes into, each cleared of stale temporary files
 * once (sink.h): an open-addressing set of their identities. */
typedef struct folder_set {
	batch_file_id *slots;
	size_t cap, n;
	pthread_mutex_t lock;
} folder_set;

typedef struct run {
	docconv_batch *b;
	batch_entry **jobs;      /* this run's articles, in order */
	size_t n_jobs;
	batch_file_id *inputs;   /* every input file, sorted */
	size_t n_inputs;
	int out_fd;              /* TO_FOLDER: the output folder */
	folder_set cleared;      /* TO_FOLDER: folders rid of stale files */
	docconv_sink *sink;      /* TO_ZIP: the archive being written */
	docconv_zip_writer *zip;
	docconv_doc **docs;      /* TO_BOOK: the chapters so far */
	size_t n_docs;
	int64_t newest;          /* TO_BOOK: the latest input time */
	slot *slots;
	size_t window;
	pthread_mutex_t lock;
	pthread_cond_t ready;    /* a slot was filled */
	pthread_cond_t space;    /* the collector freed a slot, or stop */
	size_t next;             /* the next job to hand out */
	size_t collected;        /* jobs the collector has taken */
	size_t done;             /* jobs the workers have finished */
	int stop;
	docconv_status fatal;    /* a worker could not start (its writer) */
	docconv_diag fatal_diag;
} run;

typedef struct worker {
	run *r;
	pthread_t thread;
	void *ctx;               /* the writer's context, made once */
} worker;

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void docconv_batch_opts_init(docconv_batch_opts *o)
{
	memset(o, 0, sizeof *o);
	o->max_entry_size = DOCCONV_BATCH_MAX_ENTRY_SIZE;
	o->max_total_size = DOCCONV_BATCH_MAX_TOTAL_SIZE;
	o->max_ratio = DOCCONV_BATCH_MAX_RATIO;
}

unsigned docconv_batch_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > (long)DOCCONV_BATCH_MAX_JOBS ? DOCCONV_BATCH_MAX_JOBS
	                                        : (unsigned)n;
}

int docconv_batch_in_shard(const char *rel, size_t n, unsigned k,
                           unsigned count)
{
	if (count == 0)
		return 1;
	return docconv_name_hash(rel, n) % count == (uint64_t)(k - 1);
}

docconv_status docconv_batch_new(docconv_batch **out,
                                 const docconv_batch_opts *opts,
                                 docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	docconv_batch *b = NULL;
	*out = NULL;
	if (!opts->writer || !opts->output) {
		st = docconv_fail(d, DOCCONV_ERR_USAGE,
		                  "a batch needs an output format and -o");
		goto out;
	}
	if (opts->shard_count &&
	    (opts->shard_index < 1 || opts->shard_index > opts->shard_count)) {
		st = docconv_fail(d, DOCCONV_ERR_USAGE,
		                  "--shard K/N needs 1 <= K <= N");
		goto out;
	}
	if (opts->jobs > DOCCONV_BATCH_MAX_JOBS) {
		st = docconv_fail(d, DOCCONV_ERR_USAGE, "-j is at most %u",
		                  DOCCONV_BATCH_MAX_JOBS);
		goto out;
	}
	if (opts->split && opts->output_kind == DOCCONV_BATCH_TO_BOOK) {
		st = docconv_fail(d, DOCCONV_ERR_USAGE,
		                  "--split writes one output per article and "
		                  "--combine one book: give one of them");
		goto out;
	}
	if (opts->skip_existing && opts->output_kind != DOCCONV_BATCH_TO_FOLDER) {
		st = docconv_fail(d, DOCCONV_ERR_USAGE,
		                  "--skip-existing resumes a run into a folder; "
		                  "it does not apply to a zip or a book");
		goto out;
	}
	if (!opts->max_entry_size || !opts->max_total_size || !opts->max_ratio) {
		st = docconv_fail(d, DOCCONV_ERR_USAGE, "a zero limit");
		goto out;
	}
	if (!(b = calloc(1, sizeof *b))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	b->o = *opts;
	b->o.pipeline.writer = b->o.writer;
	b->o.pipeline.write = &b->o.write;
	b->spool_fd = -1;
	b->started = now_seconds();
	if (!b->o.jobs)
		b->o.jobs = docconv_batch_default_jobs();
	/* The reader takes no more than this, whatever the option says. */
	if (b->o.max_entry_size > DOCCONV_MAX_INPUT_BYTES)
		b->o.max_entry_size = DOCCONV_MAX_INPUT_BYTES;
out:
	*out = b;
	return st;
}

void docconv_batch_free(docconv_batch *b)
{
	if (!b)
		return;
	batch_sources_free(b);
	free(b);
}

/* --- outputs ---------------------------------------------------------- */

static char *join_path(const char *dir, const char *rel)
{
	size_t dl = strlen(dir);
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	size_t n = dl + 1 + strlen(rel) + 1;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%.*s/%s", (int)dl, dir, rel);
	return p;
}

/* mkdir -p for the output folder the user named (links in it are theirs to
 * have; below it, batch_open_parent takes over). */
static docconv_status make_folder(const char *path, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	size_t n = strlen(path);
	char *p = malloc(n + 1);
	if (!p)
		return DOCCONV_ERR_NOMEM;
	memcpy(p, path, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		char c = p[i];
		p[i] = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			st = docconv_fail(d, DOCCONV_ERR_WRITE,
			                  "cannot create the folder %s: %s", p,
			                  strerror(errno));
			break;
		}
		p[i] = c;
	}
	free(p);
	return st;
}

static int by_file_id(const void *pa, const void *pb)
{
	const batch_file_id *a = pa, *b = pb;
	if (a->dev != b->dev)
		return a->dev < b->dev ? -1 : 1;
	return a->ino < b->ino ? -1 : a->ino > b->ino;
}

/* Every input file's identity, sorted: the archives and the articles of
 * folders and lists. */
static docconv_status list_inputs(run *r)
{
	const docconv_batch *b = r->b;
	size_t n = 0;
	if (!(r->inputs = malloc((b->n_sources + b->n_entries + 1) *
	                         sizeof *r->inputs)))
		return DOCCONV_ERR_NOMEM;
	for (size_t i = 0; i < b->n_sources; i++)
		if (b->sources[i].id.known)
			r->inputs[n++] = b->sources[i].id;
	for (size_t i = 0; i < b->n_entries; i++)
		if (b->entries[i].id.known)
			r->inputs[n++] = b->entries[i].id;
	qsort(r->inputs, n, sizeof *r->inputs, by_file_id);
	r->n_inputs = n;
	return DOCCONV_OK;
}

static int is_input(const run *r, const struct stat *sb)
{
	batch_file_id id = batch_file_id_of(sb);
	return r->n_inputs &&
	       bsearch(&id, r->inputs, r->n_inputs, sizeof *r->inputs,
	               by_file_id) != NULL;
}

static docconv_status output_is_input(const char *path, docconv_diag *d)
{
	return docconv_fail(d, DOCCONV_ERR_USAGE,
	                    "%s is also an input; choose another output", path);
}

/* Adds a folder to the set; 1 when it was not there, 0 when it was, -1
 * when out of memory. */
static int folder_set_add(folder_set *fs, batch_file_id id)
{
	if (2 * (fs->n + 1) > fs->cap) {
		size_t cap = fs->cap ? 2 * fs->cap : 64;
		batch_file_id *slots = calloc(cap, sizeof *slots);
		if (!slots)
			return -1;
		for (size_t i = 0; i < fs->cap; i++) {
			if (!fs->slots[i].known)
				continue;
			size_t k = (size_t)(fs->slots[i].ino ^ fs->slots[i].dev) & (cap - 1);
			while (slots[k].known)
				k = (k + 1) & (cap - 1);
			slots[k] = fs->slots[i];
		}
		free(fs->slots);
		fs->slots = slots;
		fs->cap = cap;
	}
	size_t k = (size_t)(id.ino ^ id.dev) & (fs->cap - 1);
	for (; fs->slots[k].known; k = (k + 1) & (fs->cap - 1))
		if (fs->slots[k].dev == id.dev && fs->slots[k].ino == id.ino)
			return 0;
	fs->slots[k] = id;
	fs->n++;
	return 1;
}

/* Removes the stale temporary files of the folder `dir` the first time the
 * run writes into it. */
static docconv_status clear_folder_once(run *r, int dir)
{
	struct stat sb;
	if (fstat(dir, &sb) != 0)
		return DOCCONV_OK;   /* only a clean-up: the write will tell */
	pthread_mutex_lock(&r->cleared.lock);
	int added = folder_set_add(&r->cleared, batch_file_id_of(&sb));
	pthread_mutex_unlock(&r->cleared.lock);
	if (added > 0)
		docconv_sink_remove_stale(dir);
	return added < 0 ? DOCCONV_ERR_NOMEM : DOCCONV_OK;
}

/* Opens the folder of an output (`rel` under the output folder, making
 * the missing ones) and decides whether to write it: *parent and *leaf
 * are where, or *parent is -1 with *existing set under --skip-existing.
 * *path names it in messages. */
static docconv_status prepare_output(run *r, const char *rel, char **path,
                                     int *parent, const char **leaf,
                                     int *existing, docconv_diag *d)
{
	docconv_status st;
	const docconv_batch_opts *o = &r->b->o;
	struct stat sb;
	*parent = -1;
	*existing = 0;
	if (!(*path = join_path(o->output, rel))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	if ((st = batch_open_parent(r->out_fd, rel, 1, parent, leaf, d)) !=
	            DOCCONV_OK ||
	    (st = clear_folder_once(r, *parent)) != DOCCONV_OK)
		goto out;
	if (fstatat(*parent, *leaf, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
		if (errno != ENOENT)
			st = docconv_fail(d, DOCCONV_ERR_WRITE, "cannot check %s: %s",
			                  *path, strerror(errno));
	} else if (S_ISLNK(sb.st_mode)) {
		st = docconv_fail(d, DOCCONV_ERR_WRITE,
		                  "%s is a symbolic link; not followed, not replaced",
		                  *path);
	} else if (!S_ISREG(sb.st_mode)) {
		st = docconv_fail(d, DOCCONV_ERR_WRITE,
		                  "%s exists and is not a regular file", *path);
	} else if (is_input(r, &sb)) {
		st = output_is_input(*path, d);
	} else if (o->skip_existing) {
		*existing = 1;
	} else if (!o->force) {
		st = docconv_fail(d, DOCCONV_ERR_WRITE,
		                  "%s exists; use --force to overwrite it, or "
		                  "--skip-existing to resume", *path);
	}
out:
	if ((st != DOCCONV_OK || *existing) && *parent >= 0) {
		close(*parent);
		*parent = -1;
	}
	return st;
}

/* An existing output named by -o for a zip or a book. */
static docconv_status check_single_output(const run *r, docconv_diag *d)
{
	struct stat so;
	const char *out = r->b->o.output;
	if (strcmp(out, "-") == 0 || stat(out, &so) != 0)
		return DOCCONV_OK;
	if (S_ISDIR(so.st_mode))
		return docconv_fail(d, DOCCONV_ERR_USAGE,
		                    "%s is a folder; --combine and a .zip output "
		                    "write one file", out);
	if (is_input(r, &so))
		return output_is_input(out, d);
	if (S_ISREG(so.st_mode) && !r->b->o.force)
		return docconv_fail(d, DOCCONV_ERR_WRITE,
		                    "%s exists; use --force to overwrite it", out);
	return DOCCONV_OK;
}

/* The sink flags of this run's outputs. */
static unsigned sink_flags(const docconv_batch *b)
{
	return b->o.force ? DOCCONV_SINK_REPLACE : 0;
}

/* --- --split --------------------------------------------------------- */

/* The output name of article i of n of an entry: its own for a page of
 * one. A new string; NULL when out of memory. */
static char *part_name(const batch_entry *e, size_t i, size_t n)
{
	return n == 1 ? docconv_strdup(e->output)
	              : docconv_name_article(e->output, i);
}

/* Under --skip-existing: whether a page's first output or its only one is
 * there (it is written last). */
static docconv_status split_existing(run *r, const batch_entry *e,
                                     int *existing, docconv_diag *d)
{
	docconv_status st;
	char *path = NULL, *first = NULL;
	int parent = -1;
	const char *leaf;
	if ((st = prepare_output(r, e->output, &path, &parent, &leaf, existing,
	                         d)) != DOCCONV_OK || *existing)
		goto out;
	close(parent);
	parent = -1;
	free(path);
	path = NULL;
	if (!(first = docconv_name_article(e->output, 0)))
		st = DOCCONV_ERR_NOMEM;
	else
		st = prepare_output(r, first, &path, &parent, &leaf, existing, d);
out:
	if (parent >= 0)
		close(parent);
	free(path);
	free(first);
	return st;
}

/* Writes a page's articles each to its file, the last first. Under
 * --skip-existing one that is there (a run stopped inside the page) is
 * kept. */
static docconv_status write_parts(run *r, const batch_entry *e,
                                  const docconv_part *parts, size_t n,
                                  docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	const docconv_batch *b = r->b;
	for (size_t k = n; k-- > 0 && st == DOCCONV_OK;) {
		char *rel = part_name(e, k, n), *path = NULL;
		docconv_sink *sink = NULL;
		int parent = -1, existing = 0;
		const char *leaf;
		if (!rel)
			st = DOCCONV_ERR_NOMEM;
		else if ((st = prepare_output(r, rel, &path, &parent, &leaf,
		                              &existing, d)) == DOCCONV_OK &&
		         !existing &&
		         (st = docconv_sink_open_at(&sink, parent, leaf, path,
		                                    sink_flags(b), d)) == DOCCONV_OK &&
		         (st = docconv_sink_write(sink, parts[k].data, parts[k].n)) ==
		                 DOCCONV_OK) {
			st = docconv_sink_close_unless_exists(
			        sink, b->o.skip_existing ? &existing : NULL, d);
			sink = NULL;
		}
		docconv_sink_abandon(sink, d);
		if (parent >= 0)
			close(parent);
		free(path);
		free(rel);
	}
	return st;
}

/* One page to an output per article: into files, or kept in the slot for
 * the zip. */
static docconv_status process_split(worker *w, const batch_entry *e,
                                    const docconv_input *in, slot *s,
                                    docconv_diag *d)
{
	docconv_batch *b = w->r->b;
	docconv_part *parts = NULL;
	size_t n = 0;
	docconv_status st = docconv_convert_split(&b->o.pipeline, in, w->ctx,
	                                          &parts, &n, d);
	if (st == DOCCONV_OK && b->o.output_kind == DOCCONV_BATCH_TO_ZIP) {
		s->parts = parts;
		s->n_parts = n;
		parts = NULL;
	} else if (st == DOCCONV_OK) {
		st = write_parts(w->r, e, parts, n, d);
	}
	docconv_parts_free(parts, n);
	return st;
}

/* --- one article ------------------------------------------------------ */

static void process(worker *w, const batch_entry *e, slot *s)
{
	docconv_batch *b = w->r->b;
	const docconv_pipeline *p = &b->o.pipeline;
	docconv_status st = DOCCONV_OK;
	docconv_diag *d = &s->diag;
	docconv_sink *sink = NULL;
	char *path = NULL;
	int parent = -1, existing = 0;
	const char *leaf = NULL;
	batch_entry_input ei;
	ei.fd = -1;
	ei.own_photos = NULL;
	docconv_diag_init(d, e->name);
	s->result = DOCCONV_ITEM_FAILED;

	if (e->refusal) {
		st = docconv_fail(d, e->refusal_status, "%s", e->refusal);
		goto out;
	}
	if (b->o.output_kind == DOCCONV_BATCH_TO_FOLDER) {
		if ((st = b->o.split
		                  ? (b->o.skip_existing
		                             ? split_existing(w->r, e, &existing, d)
		                             : DOCCONV_OK)
		                  : prepare_output(w->r, e->output, &path, &parent,
		                                   &leaf, &existing, d)) != DOCCONV_OK)
			goto out;
		if (existing) {
			s->result = DOCCONV_ITEM_EXISTING;
			goto out;
		}
	}
	if ((st = batch_entry_open(b, e, &ei, d)) != DOCCONV_OK)
		goto out;
	if (b->o.split) {
		if ((st = process_split(w, e, &ei.in, s, d)) == DOCCONV_OK)
			s->result = DOCCONV_ITEM_CONVERTED;
		goto out;
	}
	if (b->o.output_kind == DOCCONV_BATCH_TO_BOOK) {
		/* The book is written once at the end; its chapters are checked
		 * for --strict here, as each file is after its writer. */
		if ((st = docconv_load(p, &ei.in, &s->doc, d)) == DOCCONV_OK &&
		    (st = docconv_check_strict(p, d)) == DOCCONV_OK)
			s->result = DOCCONV_ITEM_CONVERTED;
		goto out;
	}
	st = parent >= 0 ? docconv_sink_open_at(&sink, parent, leaf, path,
	                                        sink_flags(b), d)
	                 : docconv_sink_open_memory(&sink);
	if (st != DOCCONV_OK ||
	    (st = docconv_convert(p, &ei.in, w->ctx, sink, d)) != DOCCONV_OK)
		goto out;
	if (parent < 0 && !(s->data = docconv_sink_take(sink, &s->n))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	/* Another run may have made the output meanwhile: under
	 * --skip-existing that is an output that exists, else an error. */
	st = docconv_sink_close_unless_exists(sink, b->o.skip_existing ? &existing
	                                                               : NULL, d);
	sink = NULL;
	if (st == DOCCONV_OK)
		s->result = existing ? DOCCONV_ITEM_EXISTING : DOCCONV_ITEM_CONVERTED;
out:
	s->status = st;
	if (st != DOCCONV_OK) {
		free(s->data);
		s->data = NULL;
		docconv_doc_free(s->doc);
		s->doc = NULL;
		docconv_parts_free(s->parts, s->n_parts);
		s->parts = NULL;
		s->n_parts = 0;
	}
	batch_entry_close(&ei);
	docconv_sink_abandon(sink, d);
	if (parent >= 0)
		close(parent);
	free(path);
}

static int cancelled(const run *r)
{
	return r->b->o.cancel && *r->b->o.cancel;
}

static void *worker_main(void *arg)
{
	worker *w = arg;
	run *r = w->r;
	const docconv_batch_opts *o = &r->b->o;
	docconv_status st = DOCCONV_OK;
	docconv_diag cd;
	docconv_diag_init(&cd, NULL);
	/* Each worker makes its writer's context in its own thread: costly
	 * set-up (fonts) runs in parallel, and nothing is shared. */
	if (o->output_kind != DOCCONV_BATCH_TO_BOOK && o->writer->create)
		st = o->writer->create(&o->write, &w->ctx, &cd);
	pthread_mutex_lock(&r->lock);
	if (st != DOCCONV_OK) {
		if (r->fatal == DOCCONV_OK) {
			r->fatal = st;
			docconv_diag_take(&r->fatal_diag, &cd);
		}
		r->stop = 1;
		pthread_cond_signal(&r->ready);
	}
	for (;;) {
		while (!r->stop && r->next < r->n_jobs &&
		       r->next >= r->collected + r->window)
			pthread_cond_wait(&r->space, &r->lock);
		if (r->stop || r->next >= r->n_jobs || cancelled(r))
			break;
		size_t i = r->next++;
		pthread_mutex_unlock(&r->lock);
		slot *s = &r->slots[i % r->window];
		process(w, r->jobs[i], s);
		pthread_mutex_lock(&r->lock);
		s->ready = 1;
		r->done++;
		pthread_cond_signal(&r->ready);
	}
	pthread_mutex_unlock(&r->lock);
	docconv_diag_free(&cd);
	return NULL;
}

/* --- the collector ---------------------------------------------------- */

static void report_progress(run *r, const docconv_batch_summary *sum,
                            double start)
{
	const docconv_batch_opts *o = &r->b->o;
	if (!o->on_progress)
		return;
	pthread_mutex_lock(&r->lock);
	docconv_batch_progress p = { r->done, r->n_jobs, sum->failed,
	                             now_seconds() - start };
	pthread_mutex_unlock(&r->lock);
	o->on_progress(o->user, &p);
}

/* Takes one finished article in order: into the zip or the book, into the
 * counts, out to the caller. An error here stops the whole run. */
static docconv_status take(run *r, size_t i, slot *s,
                           docconv_batch_summary *sum, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	const batch_entry *e = r->jobs[i];
	const docconv_batch_opts *o = &r->b->o;
	if (s->result == DOCCONV_ITEM_CONVERTED) {
		if (r->zip && !s->parts)
			st = docconv_zip_writer_add(r->zip, e->output, s->data, s->n,
			                            docconv_output_timestamp(e->mtime), d);
		for (size_t k = 0; r->zip && k < s->n_parts && st == DOCCONV_OK;
		     k++) {
			char *name = part_name(e, k, s->n_parts);
			st = name ? docconv_zip_writer_add(
			                    r->zip, name, s->parts[k].data,
			                    s->parts[k].n,
			                    docconv_output_timestamp(e->mtime), d)
			          : DOCCONV_ERR_NOMEM;
			free(name);
		}
		if (s->doc) {
			r->docs[r->n_docs++] = s->doc;
			s->doc = NULL;
			if (e->mtime > r->newest)
				r->newest = e->mtime;
		}
	}
	if (s->result == DOCCONV_ITEM_CONVERTED)
		sum->converted++;
	else if (s->result == DOCCONV_ITEM_EXISTING)
		sum->existing++;
	else
		sum->failed++;
	if (o->on_item) {
		docconv_batch_item item = { i, r->n_jobs, e->name, e->output,
		                            s->result, s->status, &s->diag };
		o->on_item(o->user, &item);
	}
	free(s->data);
	s->data = NULL;
	docconv_doc_free(s->doc);
	s->doc = NULL;
	docconv_parts_free(s->parts, s->n_parts);
	s->parts = NULL;
	s->n_parts = 0;
	docconv_diag_free(&s->diag);
	return st;
}

static docconv_status collect(run *r, docconv_batch_summary *sum,
                              double start, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	const long tick_ns = 1000000000L / DOCCONV_BATCH_PROGRESS_HZ;
	double last = 0;
	for (size_t i = 0; i < r->n_jobs && st == DOCCONV_OK; i++) {
		slot *s = &r->slots[i % r->window];
		pthread_mutex_lock(&r->lock);
		while (!s->ready && !cancelled(r) && r->fatal == DOCCONV_OK) {
			struct timespec until;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_nsec += tick_ns;
			if (until.tv_nsec >= 1000000000L) {
				until.tv_sec++;
				until.tv_nsec -= 1000000000L;
			}
			/* Timed, so that progress and a cancel are seen while one
			 * article takes long. */
			pthread_cond_timedwait(&r->ready, &r->lock, &until);
			if (!s->ready && now_seconds() - last >= 1.0 / DOCCONV_BATCH_PROGRESS_HZ) {
				pthread_mutex_unlock(&r->lock);
				report_progress(r, sum, start);
				last = now_seconds();
				pthread_mutex_lock(&r->lock);
			}
		}
		if (!s->ready) {
			/* A worker could not start, or a signal asked to stop. */
			sum->interrupted = r->fatal == DOCCONV_OK;
			r->stop = 1;
			pthread_mutex_unlock(&r->lock);
			break;
		}
		pthread_mutex_unlock(&r->lock);
		st = take(r, i, s, sum, d);
		pthread_mutex_lock(&r->lock);
		s->ready = 0;
		r->collected++;
		if (st != DOCCONV_OK)
			r->stop = 1;
		pthread_cond_broadcast(&r->space);
		pthread_mutex_unlock(&r->lock);
		if (now_seconds() - last >= 1.0 / DOCCONV_BATCH_PROGRESS_HZ) {
			report_progress(r, sum, start);
			last = now_seconds();
		}
	}
	report_progress(r, sum, start);
	if (st == DOCCONV_OK && r->fatal != DOCCONV_OK) {
		st = r->fatal;
		docconv_diag_take(d, &r->fatal_diag);
	}
	return st;
}

/* --- the run ---------------------------------------------------------- */

/* Output names for every article, made unique over the whole list (before
 * sharding, so each shard names its outputs as the whole run would). */
static docconv_status name_outputs(docconv_batch *b)
{
	docconv_status st = DOCCONV_OK;
	char **names = NULL;
	size_t n = 0;
	if (!(names = malloc((b->n_entries ? b->n_entries : 1) * sizeof *names)))
		return DOCCONV_ERR_NOMEM;
	for (size_t i = 0; i < b->n_entries; i++) {
		batch_entry *e = &b->entries[i];
		if (!e->safe)
			continue;
		if (!(e->output = docconv_name_with_extension(e->safe,
		                                              b->o.writer->extension))) {
			st = DOCCONV_ERR_NOMEM;
			goto out;
		}
		names[n++] = e->output;
	}
	if ((st = b->o.split ? docconv_names_make_unique_split(names, n)
	                     : docconv_names_make_unique(names, n)) != DOCCONV_OK)
		goto out;
	n = 0;
	for (size_t i = 0; i < b->n_entries; i++)
		if (b->entries[i].safe)
			b->entries[i].output = names[n++];
out:
	free(names);
	return st;
}

static docconv_status open_outputs(docconv_batch *b, run *r, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	const char *out = b->o.output;
	switch (b->o.output_kind) {
	case DOCCONV_BATCH_TO_FOLDER:
		if ((st = make_folder(out, d)) != DOCCONV_OK)
			break;
		if ((r->out_fd = open(out, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
			st = docconv_fail(d, DOCCONV_ERR_WRITE, "cannot open %s: %s", out,
			                  strerror(errno));
		/* A folder that takes no file (read-only) fails the run once,
		 * not each article. */
		else if ((st = docconv_sink_check_folder(r->out_fd, out, d)) ==
		         DOCCONV_OK)
			st = clear_folder_once(r, r->out_fd);
		break;
	case DOCCONV_BATCH_TO_ZIP:
		if ((st = check_single_output(r, d)) == DOCCONV_OK &&
		    (st = docconv_sink_open_path(&r->sink, out, sink_flags(b), d)) ==
		            DOCCONV_OK)
			st = docconv_zip_writer_new(&r->zip, r->sink, out, d);
		break;
	case DOCCONV_BATCH_TO_BOOK:
		if ((st = check_single_output(r, d)) == DOCCONV_OK &&
		    !(r->docs = malloc((r->n_jobs ? r->n_jobs : 1) * sizeof *r->docs)))
			st = DOCCONV_ERR_NOMEM;
		break;
	}
	return st;
}

/* Writes the book of every article converted, with the writer called once. */
static docconv_status write_book(docconv_batch *b, run *r, docconv_diag *d)
{
	docconv_status st;
	docconv_doc **articles = NULL;
	void *ctx = NULL;
	docconv_sink *sink = NULL;
	const docconv_writer *w = b->o.writer;
	if (r->n_docs == 0) {
		st = docconv_fail(d, DOCCONV_ERR_INPUT,
		                  "no article converted; no book written");
		goto out;
	}
	const char *title = b->o.book_title;
	if (!title && b->n_sources)
		title = b->sources[0].title;
	/* Each input's articles, in order: a page may hold several. */
	size_t n_articles = 0;
	for (size_t i = 0; i < r->n_docs; i++)
		n_articles += docconv_doc_count(r->docs[i]);
	if (!(articles = malloc(n_articles * sizeof *articles))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	n_articles = 0;
	for (size_t i = 0; i < r->n_docs; i++)
		for (docconv_doc *a = r->docs[i]; a; a = docconv_doc_next(a))
			articles[n_articles++] = a;
	docconv_book book = { articles, n_articles, title, NULL,
	                      docconv_output_timestamp(r->newest) };
	if ((w->create && (st = w->create(&b->o.write, &ctx, d)) != DOCCONV_OK) ||
	    (st = docconv_sink_open_path(&sink, b->o.output, sink_flags(b), d)) !=
	            DOCCONV_OK ||
	    (st = w->write(ctx, &book, &b->o.write, sink, d)) != DOCCONV_OK ||
	    (st = docconv_check_strict(&b->o.pipeline, d)) != DOCCONV_OK)
		goto out;
	st = docconv_sink_close(sink, d);
	sink = NULL;
out:
	free(articles);
	/* A failed write (a full disk) is told with the file and the cause. */
	docconv_sink_abandon(sink, d);
	if (ctx && w->destroy)
		w->destroy(ctx);
	return st;
}

static docconv_status finish_outputs(docconv_batch *b, run *r,
                                     docconv_batch_summary *sum,
                                     docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	if (b->o.finishing)
		*b->o.finishing = 1;
	/* A signal between the last article and this point only asked the
	 * batch to stop (the workers are joined: this thread alone takes
	 * one); from here on a signal ends the process at once. */
	if (b->o.cancel && *b->o.cancel) {
		sum->interrupted = 1;
		if (b->o.finishing)
			*b->o.finishing = 0;
		return DOCCONV_OK;
	}
	if (r->zip) {
		if ((st = docconv_zip_writer_finish(r->zip, d)) == DOCCONV_OK)
			st = docconv_sink_close(r->sink, d);
		else
			docconv_sink_abandon(r->sink, d);
		r->sink = NULL;
	}
	if (b->o.output_kind == DOCCONV_BATCH_TO_BOOK)
		st = write_book(b, r, d);
	if (b->o.finishing)
		*b->o.finishing = 0;
	return st;
}

/* Starts up to `want` workers; fewer when the system refuses threads. */
static docconv_status start_workers(run *r, worker *ws,
                                    unsigned want, unsigned *started,
                                    docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	*started = 0;
	for (unsigned i = 0; i < want; i++) {
		ws[i].r = r;
		int e = pthread_create(&ws[i].thread, NULL, worker_main, &ws[i]);
		if (e != 0) {
			if (*started == 0)
				st = docconv_fail(d, DOCCONV_ERR_INTERNAL,
				                  "cannot start a worker thread: %s",
				                  strerror(e));
			break;
		}
		(*started)++;
	}
	return st;
}

static void stop_workers(docconv_batch *b, run *r, worker *ws, unsigned want,
                         unsigned started)
{
	pthread_mutex_lock(&r->lock);
	r->stop = 1;
	pthread_cond_broadcast(&r->space);
	pthread_mutex_unlock(&r->lock);
	for (unsigned i = 0; i < started; i++)
		pthread_join(ws[i].thread, NULL);
	for (unsigned i = 0; i < want; i++) {
		if (ws[i].ctx && b->o.writer->destroy)
			b->o.writer->destroy(ws[i].ctx);
	}
}

docconv_status docconv_batch_run(docconv_batch *b, docconv_batch_summary *sum,
                                 docconv_diag *d)
{
	docconv_status st;
	double start = b->started;
	worker *ws = NULL;
	unsigned want = 0, started = 0;
	run r;
	memset(&r, 0, sizeof r);
	memset(sum, 0, sizeof *sum);
	r.b = b;
	r.out_fd = -1;
	pthread_mutex_init(&r.cleared.lock, NULL);
	docconv_diag_init(&r.fatal_diag, NULL);
	pthread_mutex_init(&r.lock, NULL);
	pthread_cond_init(&r.ready, NULL);
	pthread_cond_init(&r.space, NULL);

	if ((st = batch_photos_seal(b, d)) != DOCCONV_OK ||
	    (b->o.output_kind != DOCCONV_BATCH_TO_BOOK &&
	     (st = name_outputs(b)) != DOCCONV_OK))
		goto out;
	if (!(r.jobs = malloc((b->n_entries ? b->n_entries : 1) * sizeof *r.jobs))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < b->n_entries; i++) {
		batch_entry *e = &b->entries[i];
		if (docconv_batch_in_shard(e->rel, strlen(e->rel), b->o.shard_index,
		                           b->o.shard_count))
			r.jobs[r.n_jobs++] = e;
	}
	sum->articles = r.n_jobs;
	sum->skipped = b->skipped;
	/* Nothing to convert at all is a mistake worth saying (a folder given
	 * for a file, a wrong --include); an empty shard is not. */
	if (b->n_entries == 0) {
		st = docconv_fail(d, DOCCONV_ERR_INPUT,
		                  "no articles found (%zu files skipped): articles "
		                  "are .txt files; add --include GLOB for others",
		                  b->skipped);
		goto out;
	}
	if ((st = list_inputs(&r)) != DOCCONV_OK ||
	    (st = open_outputs(b, &r, d)) != DOCCONV_OK)
		goto out;

	want = b->o.jobs < r.n_jobs ? b->o.jobs : (unsigned)r.n_jobs;
	r.window = (size_t)(want ? want : 1) * WINDOW_PER_JOB;
	if (!(r.slots = calloc(r.window, sizeof *r.slots)) ||
	    !(ws = calloc(want ? want : 1, sizeof *ws))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	sum->jobs = want;
	st = start_workers(&r, ws, want, &started, d);
	if (st == DOCCONV_OK)
		st = collect(&r, sum, start, d);
	stop_workers(b, &r, ws, want, started);
	if (st == DOCCONV_OK && !sum->interrupted)
		st = finish_outputs(b, &r, sum, d);
out:
	/* Slots the collector never took (a run stopped early). */
	for (size_t i = 0; r.slots && i < r.window; i++) {
		if (r.slots[i].ready)
			docconv_diag_free(&r.slots[i].diag);
		free(r.slots[i].data);
		docconv_doc_free(r.slots[i].doc);
		docconv_parts_free(r.slots[i].parts, r.slots[i].n_parts);
	}
	for (size_t i = 0; i < r.n_docs; i++)
		docconv_doc_free(r.docs[i]);
	docconv_zip_writer_free(r.zip);
	docconv_sink_abandon(r.sink, d);
	if (r.out_fd >= 0)
		close(r.out_fd);
	free(r.docs);
	free(r.slots);
	free(r.jobs);
	free(r.inputs);
	free(r.cleared.slots);
	pthread_mutex_destroy(&r.cleared.lock);
	free(ws);
	docconv_diag_free(&r.fatal_diag);
	pthread_cond_destroy(&r.space);
	pthread_cond_destroy(&r.ready);
	pthread_mutex_destroy(&r.lock);
	sum->seconds = now_seconds() - start;
	return st;
}
