/* main.c — the docconv command line: options → convert one file, or a batch.
 *
 * Exit codes (documented in --help and the man page):
 *   0  success
 *   1  some inputs of a batch failed, or --strict and there were warnings
 *   2  usage error
 *   3  an input cannot be read, decoded or used, or exceeds a limit
 *   4  an output cannot be written (or exists and --force was not given)
 *   5  a resource is missing (no usable font)
 *   6  internal error or out of memory
 * A batch stopped by SIGINT, SIGTERM or SIGHUP finishes the articles in
 * hand and then dies of that signal, as the shell expects; while it writes
 * a --combine book or finishes OUT.zip it has no article in hand and dies
 * at once, as a second signal makes any run do. Either way no temporary
 * file stays (sink.h).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "conv/batch/batch.h"
#include "conv/core/decode.h"
#include "conv/core/diag.h"
#include "conv/core/doc.h"
#include "conv/core/names.h"
#include "conv/core/sink.h"
#include "conv/core/source.h"
#include "conv/pipeline/pipeline.h"
#include "formats/archive/archive.h"
#include "formats/formats.h"
#include "progress.h"
#include "version.h"
#include "versions.h"

enum {
	EXIT_OK = 0,
	EXIT_PARTIAL = 1,
	EXIT_USAGE = 2,
	EXIT_INPUT = 3,
	EXIT_OUTPUT = 4,
	EXIT_RESOURCE = 5,
	EXIT_INTERNAL = 6
};

/* Authors given with --author, at most this many. */
#define MAX_AUTHOR_OPTIONS 64
/* A user stylesheet larger than this is surely a mistake. */
#define MAX_USER_CSS_BYTES (1024 * 1024)
/* --include globs, at most this many. */
#define MAX_INCLUDE_OPTIONS 64

typedef struct options {
	const char *to;
	const char *output;
	int explain;
	int force;
	int quiet;
	docconv_pipeline pipeline;
	const char *authors[MAX_AUTHOR_OPTIONS];
	docconv_write_opts write;
	const char *css_path;
	char *css;
	const char *images;        /* --images DIR */
	/* Batch */
	const char *files_from;
	const char *includes[MAX_INCLUDE_OPTIONS];
	size_t n_includes;
	int combine;
	int split;                 /* --split: an output per article */
	int skip_existing;
	unsigned jobs;
	unsigned shard_index, shard_count;
	uint64_t max_entry_size, max_total_size;
	unsigned max_ratio;
} options;

static const char *program = "docconv";

/* Set while a batch runs; the first SIGINT/SIGTERM/SIGHUP then only asks it
 * to stop between articles (batch_cancel holds the signal), unless the
 * batch is finishing its output (batch_finishing). */
static volatile sig_atomic_t batch_active;
static volatile sig_atomic_t batch_cancel;
static volatile sig_atomic_t batch_finishing;

static int exit_code_for(docconv_status st)
{
	switch (st) {
	case DOCCONV_OK: return EXIT_OK;
	case DOCCONV_ERR_STRICT: return EXIT_PARTIAL;
	case DOCCONV_ERR_USAGE: return EXIT_USAGE;
	case DOCCONV_ERR_READ:
	case DOCCONV_ERR_DECODE:
	case DOCCONV_ERR_INPUT:
	case DOCCONV_ERR_LIMIT: return EXIT_INPUT;
	case DOCCONV_ERR_WRITE: return EXIT_OUTPUT;
	case DOCCONV_ERR_FONT: return EXIT_RESOURCE;
	case DOCCONV_ERR_NOMEM:
	case DOCCONV_ERR_INTERNAL: return EXIT_INTERNAL;
	}
	return EXIT_INTERNAL;
}

/* Prints every diagnostic as `docconv: FILE:LINE: message`. */
static void print_diag(const docconv_diag *d, int quiet)
{
	for (size_t i = 0; i < d->n_entries; i++) {
		const docconv_diag_entry *e = &d->entries[i];
		if (quiet && e->severity != DOCCONV_SEV_ERROR)
			continue;
		fprintf(stderr, "%s: ", program);
		if (d->file)
			fprintf(stderr, "%s:", d->file);
		if (e->line)
			fprintf(stderr, "%lu:", e->line);
		else if (e->offset >= 0)
			fprintf(stderr, " byte %lld:", e->offset);
		if (d->file || e->line || e->offset >= 0)
			fputc(' ', stderr);
		if (e->severity == DOCCONV_SEV_WARNING)
			fputs("warning: ", stderr);
		fprintf(stderr, "%s\n", e->message);
	}
	if (d->dropped && !quiet)
		fprintf(stderr, "%s: %s: %zu more messages not shown\n", program,
		        d->file ? d->file : "", d->dropped);
}

static void usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", program);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "; see '%s --help'\n", program);
}

static void print_help(void)
{
	printf(
"Usage: docconv --to FORMAT [OPTIONS] FILE\n"
"       docconv --to FORMAT [OPTIONS] FOLDER|ARCHIVE|FILE... -o OUTDIR/\n"
"       docconv --to FORMAT [OPTIONS] INPUT... -o OUT.zip\n"
"       docconv --to FORMAT --combine [OPTIONS] INPUT... -o BOOK.FORMAT\n"
"\n"
"Turns raw article text (a newspaper page or wire copy, in UTF-8, GB18030,\n"
"Big5 or UTF-16) into EPUB, PDF, HTML or JSON, recovering its structure:\n"
"headline, kicker, subtitle, bylines, datelines, subheads, paragraphs and\n"
"photo captions with their credits.\n"
"\n"
"Convert:\n"
"  -t, --to FORMAT        output format: %s\n"
"  -o, --output PATH      output file, or folder (default: beside the input\n"
"                         with the new extension; JSON goes to stdout)\n"
"      --from FORMAT      input format: %s (default: article; json is a\n"
"                         model from --to json, possibly corrected by hand)\n"
"      --encoding NAME    input encoding (default: detected), e.g. GB18030\n"
"      --title TEXT       set the title\n"
"      --author NAME      set the authors (repeat for several)\n"
"      --lang TAG         set the language (BCP 47: zh, zh-Hant, en)\n"
"      --images DIR       where the photos are (default: beside the article,\n"
"                         named after it: story-1.jpg, story_2.png, or in a\n"
"                         folder story/); a batch's DIR mirrors its folders;\n"
"                         --from json reads the photos it names from DIR\n"
"  -f, --force            overwrite an existing output file\n"
"\n"
"Pages of several articles (the reader finds where each starts):\n"
"      --split            one output per article: page.txt gives page-1.epub,\n"
"                         page-2.epub... (a page of one article keeps its\n"
"                         name); default: one output per page, a chapter\n"
"                         or section per article\n"
"      --one-article      read each page as one article (later headlines\n"
"                         become subheads)\n"
"\n"
"EPUB and HTML:\n"
"      --vertical         vertical writing for Chinese (right to left pages)\n"
"      --css FILE         append FILE to the stylesheet\n"
"      --no-cover         EPUB: no generated cover picture and page\n"
"\n"
"PDF:\n"
"      --paper SIZE       a4 (default), a5, b5 or letter\n"
"      --font FONT        Chinese body font (a fontconfig name or a file)\n"
"      --heading-font FONT  Chinese headline font\n"
"      --caption-font FONT  Chinese caption font\n"
"      --latin-font FONT  font for Latin runs\n"
"      --photo-frames     a frame where a caption's photo is missing\n"
"                         (default: the caption alone, compact)\n"
"\n"
"Batch (a folder, an archive, several files, or a list):\n"
"  -o OUTDIR/             one output per article, mirroring the input's\n"
"                         folders; -o OUT.zip writes them into a new zip\n"
"      --combine          one book of every article, one chapter each, in\n"
"                         order; --title names it (default: the archive's\n"
"                         or folder's name)\n"
"  -j, --jobs N           worker threads (default: the number of CPUs)\n"
"      --files-from FILE  also convert the files listed in FILE, one a line\n"
"                         ('-': standard input), in the order listed\n"
"      --include GLOB     also take entries matching GLOB (fnmatch on the\n"
"                         relative path; repeat for several); articles are\n"
"                         *.txt; hidden names, __MACOSX/, symbolic links and\n"
"                         other files are skipped and counted\n"
"      --skip-existing    leave articles whose output exists (resume a run)\n"
"      --shard K/N        convert only part K of N (1 <= K <= N), chosen by\n"
"                         a stable hash of each entry's path: N machines\n"
"                         split one archive without talking to each other\n"
"      --max-entry-size SIZE  largest article in an archive (default 64M)\n"
"      --max-total-size SIZE  all articles of an archive together\n"
"                         (default 8G)\n"
"      --max-ratio N      largest compression ratio of an entry over 1M,\n"
"                         and of an archive's articles together\n"
"                         (default 100); SIZE takes a K, M or G suffix\n"
"  Archives: zip, tar (also .tar.gz, .tar.bz2, .tar.xz, .tar.zst), 7z;\n"
"  '-' reads one from standard input. Entries go in natural order (a2\n"
"  before a10); the output is the same\n"
"  for any -j. Unsafe names (.., absolute, C:, control characters) are\n"
"  refused or made safe; equal output names get ~2, ~3 suffixes; outputs\n"
"  appear only when complete. One failed article does not stop the rest.\n"
"\n"
"Diagnostics:\n"
"      --explain[=features]  print, for each input line, the class it got and\n"
"                         the features that decided it, instead of converting\n"
"                         (=features: every feature, as JSON lines)\n"
"  -q, --quiet            print errors only (no progress, no summary)\n"
"      --strict           treat warnings as errors (exit 1)\n"
"  -h, --help             show this help\n"
"  -V, --version          show the version and the libraries in use\n"
"\n"
"Examples:\n"
"  docconv --to epub story.txt            writes story.epub\n"
"  docconv --to pdf story.txt -o out.pdf\n"
"  docconv --to json story.txt            the recovered structure, on stdout\n"
"  docconv --explain story.txt            why it came out that way\n"
"  docconv --to epub --split page.txt     page-1.epub, page-2.epub... an\n"
"                                         article each\n"
"  docconv --to epub articles.zip -o out/ every article, as out/.../NAME.epub\n"
"  docconv --to pdf --combine -j4 articles/ -o week.pdf   one book\n"
"  find . -name '*.txt' | docconv --to json --files-from - -o out.zip\n"
"  docconv --to epub --shard 3/8 big.zip -o out/   the 3rd of 8 machines\n"
"\n"
"Environment:\n"
"  SOURCE_DATE_EPOCH      timestamp written into outputs (reproducible builds)\n"
"\n"
"Exit status: 0 success; 1 some batch inputs failed, or warnings under\n"
"--strict; 2 usage error; 3 bad input (for a batch: the archive, folder or\n"
"list as a whole, e.g. not an archive, truncated, over --max-total-size);\n"
"4 cannot write output; 5 no usable font; 6 internal error.\n",
	docconv_writer_names(), docconv_reader_names());
}

static void print_version(void)
{
	printf("docconv %s\n", DOCCONV_VERSION);
	docconv_print_library_versions(stdout);
}

/* The output path when -o is absent or names a folder: the input's name with
 * the writer's extension, in `dir` or beside the input. */
static char *default_output(const char *input, const char *dir,
                            const char *ext)
{
	const char *base = strrchr(input, '/');
	base = base ? base + 1 : input;
	size_t stem = strlen(base);
	const char *dot = strrchr(base, '.');
	if (dot && dot != base)
		stem = (size_t)(dot - base);
	size_t dir_len = dir ? strlen(dir) : (size_t)(base - input);
	size_t n = dir_len + stem + strlen(ext) + 4;
	char *out = malloc(n);
	if (!out)
		return NULL;
	if (dir)
		snprintf(out, n, "%s%s%.*s.%s", dir,
		         dir_len && dir[dir_len - 1] != '/' ? "/" : "", (int)stem,
		         base, ext);
	else
		snprintf(out, n, "%.*s%.*s.%s", (int)dir_len, input, (int)stem, base,
		         ext);
	return out;
}

static int is_directory(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

static int load_css(options *o)
{
	unsigned char *bytes = NULL;
	size_t n = 0;
	int over;
	docconv_diag d;
	docconv_diag_init(&d, o->css_path);
	docconv_status st = docconv_read_path(o->css_path, MAX_USER_CSS_BYTES,
	                                      &bytes, &n, &over, &d);
	if (st == DOCCONV_OK && over)
		st = docconv_fail(&d, DOCCONV_ERR_LIMIT, "stylesheet is over %d bytes",
		                  MAX_USER_CSS_BYTES);
	print_diag(&d, 0);
	docconv_diag_free(&d);
	if (st != DOCCONV_OK) {
		free(bytes);
		return exit_code_for(st);
	}
	o->css = (char *)bytes;
	o->write.user_css = o->css;
	o->write.user_css_len = n;
	return EXIT_OK;
}

static int parse_paper(const char *s, docconv_paper *p)
{
	static const struct { const char *name; docconv_paper paper; } papers[] = {
		{ "a4", DOCCONV_PAPER_A4 }, { "a5", DOCCONV_PAPER_A5 },
		{ "b5", DOCCONV_PAPER_B5 }, { "letter", DOCCONV_PAPER_LETTER },
	};
	for (size_t i = 0; i < sizeof papers / sizeof *papers; i++)
		if (strcasecmp(s, papers[i].name) == 0) {
			*p = papers[i].paper;
			return 1;
		}
	return 0;
}

/* Where one input's output goes: -o, else standard output (--explain, a
 * writer whose output goes there, an input read from standard input),
 * else beside the input with the writer's extension. A new string in
 * *owned when made here. */
static const char *output_target(const options *o, const docconv_writer *w,
                                 const char *input, char **owned)
{
	const char *target = o->output;
	*owned = NULL;
	if (o->explain)
		return target ? target : "-";
	if (!target && (w->to_stdout || strcmp(input, "-") == 0))
		return "-";
	if (target && !is_directory(target))
		return target;
	if (!(*owned = default_output(input, target, w->extension)))
		return NULL;
	return *owned;
}

/* --split: one input's articles each to a file named after its output
 * (`page-1.epub`...; one article keeps the name), every name checked
 * before any is written; the first is written last. The writer's context
 * goes to *ctx, for the caller to destroy. */
static docconv_status convert_split(const options *o, const docconv_writer *w,
                                    const char *input, const docconv_input *in,
                                    void **ctx, docconv_diag *d,
                                    docconv_diag *dout)
{
	docconv_status st = DOCCONV_OK;
	docconv_part *parts = NULL;
	size_t n = 0;
	char *base = NULL, **names = NULL;
	/* -o NAME names the outputs; -o OUTDIR/ (a folder, or a name ending
	 * in '/') holds them. */
	if (o->output && *o->output && !is_directory(o->output) &&
	    o->output[strlen(o->output) - 1] != '/')
		base = strdup(o->output);
	else
		base = default_output(input, o->output, w->extension);
	if (!base) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	if ((w->create && (st = w->create(&o->write, ctx, d)) != DOCCONV_OK) ||
	    (st = docconv_convert_split(&o->pipeline, in, *ctx, &parts, &n, d)) !=
	            DOCCONV_OK)
		goto out;
	if (!(names = calloc(n, sizeof *names))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < n && st == DOCCONV_OK; i++) {
		struct stat sb;
		names[i] = n == 1 ? strdup(base) : docconv_name_article(base, i);
		if (!names[i])
			st = DOCCONV_ERR_NOMEM;
		else if (strcmp(input, "-") != 0 && same_file(input, names[i]))
			st = docconv_fail(dout, DOCCONV_ERR_USAGE,
			                  "%s is the input file; choose another name "
			                  "with -o", names[i]);
		else if (!o->force && stat(names[i], &sb) == 0 && S_ISREG(sb.st_mode))
			st = docconv_fail(dout, DOCCONV_ERR_WRITE,
			                  "%s exists; use --force to overwrite it",
			                  names[i]);
	}
	for (size_t i = n; i-- > 0 && st == DOCCONV_OK;) {
		docconv_sink *sink = NULL;
		if ((st = docconv_sink_open_path(&sink, names[i],
		                                 o->force ? DOCCONV_SINK_REPLACE : 0,
		                                 dout)) ==
		            DOCCONV_OK &&
		    (st = docconv_sink_write(sink, parts[i].data, parts[i].n)) ==
		            DOCCONV_OK) {
			st = docconv_sink_close(sink, dout);
			sink = NULL;
		}
		docconv_sink_abandon(sink, dout);
	}
out:
	for (size_t i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
	docconv_parts_free(parts, n);
	free(base);
	return st;
}

/* One article's photos: where they are, and how messages name it. */
typedef struct article_photos {
	docconv_photo_index *index;
	docconv_photo_place place;
	char where[PATH_MAX + 16];
} article_photos;

/* Where one article's photos are: --images DIR, else its own folder (none
 * for standard input). A folder beside the article that cannot be listed
 * only loses its photos; --images DIR must be there. */
static docconv_status find_photos(const options *o, const char *input,
                                  article_photos *ap, docconv_diag *d)
{
	docconv_photo_index **index = &ap->index;
	docconv_photo_place *place = &ap->place;
	docconv_status st = DOCCONV_OK;
	const char *slash = strrchr(input, '/');
	const char *base = slash ? slash + 1 : input;
	const char *dot = strrchr(base, '.');
	char *dir = NULL, *stem = NULL;
	*index = NULL;
	memset(place, 0, sizeof *place);
	if (!o->images && strcmp(input, "-") == 0)
		return DOCCONV_OK;
	if (!(stem = strndup(base, dot && dot != base ? (size_t)(dot - base)
	                                              : strlen(base))) ||
	    !(dir = slash ? strndup(input, (size_t)(slash - input + 1))
	                  : strdup("."))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	if (o->images) {
		if ((st = docconv_photo_index_folder(o->images, stem, 0, 1, index,
		                                     d)) != DOCCONV_OK)
			goto out;
		place->every_photo = 1;
		snprintf(ap->where, sizeof ap->where, "in --images %s", o->images);
		place->where = ap->where;
	} else {
		docconv_diag quiet;
		docconv_diag_init(&quiet, NULL);
		st = docconv_photo_index_folder(dir, stem, 0, 1, index, &quiet);
		if (st != DOCCONV_OK && st != DOCCONV_ERR_NOMEM) {
			docconv_warn(d, "cannot look for photos beside it: %s",
			             quiet.n_entries ? quiet.entries[0].message : "");
			st = DOCCONV_OK;
		}
		docconv_diag_free(&quiet);
		place->where = "beside the article";
	}
	place->index = *index;
	place->article = strcmp(input, "-") == 0 ? "stdin" : base;
out:
	free(dir);
	free(stem);
	return st;
}

/* Converts one input (`src`, already open) to one output. */
static int convert_one(const options *o, const docconv_writer *w,
                       const char *input, docconv_source *src, size_t size,
                       int64_t mtime)
{
	int code = EXIT_OK;
	docconv_status st = DOCCONV_OK;
	docconv_sink *sink = NULL;
	char *outpath = NULL;
	void *ctx = NULL;
	const char *display = strcmp(input, "-") == 0 ? "stdin" : input;
	const char *base = strrchr(display, '/');
	base = base ? base + 1 : display;
	docconv_diag d, dout;
	docconv_diag_init(&d, display);
	docconv_diag_init(&dout, NULL);
	article_photos photos = { NULL, { NULL, NULL, 0, NULL }, "" };
	docconv_input in = { src, base, DOCCONV_MAX_INPUT_BYTES, NULL, size, mtime,
	                     NULL };

	if ((st = find_photos(o, input, &photos, &d)) != DOCCONV_OK)
		goto out;
	in.photos = photos.index ? &photos.place : NULL;
	if (o->split && !o->explain) {
		st = convert_split(o, w, input, &in, &ctx, &d, &dout);
		goto out;
	}
	const char *target = output_target(o, w, input, &outpath);
	if (!target) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	if (strcmp(target, "-") != 0) {
		dout.file = target;
		if (strcmp(input, "-") != 0 && same_file(input, target)) {
			st = docconv_fail(&dout, DOCCONV_ERR_USAGE,
			                  "the output is the input file; choose "
			                  "another name with -o");
			goto out;
		}
		struct stat sb;
		if (!o->force && !docconv_sink_is_in_place(target) &&
		    stat(target, &sb) == 0 && S_ISREG(sb.st_mode)) {
			st = docconv_fail(&dout, DOCCONV_ERR_WRITE,
			                  "the output file exists; use --force to "
			                  "overwrite it");
			goto out;
		}
	} else if (!o->explain && w->binary && isatty(STDOUT_FILENO)) {
		st = docconv_fail(&dout, DOCCONV_ERR_USAGE,
		                  "refusing to write %s to a terminal; give a file "
		                  "with -o", w->name);
		goto out;
	}

	if (!o->explain && w->create &&
	    (st = w->create(&o->write, &ctx, &d)) != DOCCONV_OK)
		goto out;
	if ((st = docconv_sink_open_path(&sink, target,
	                                 o->force ? DOCCONV_SINK_REPLACE : 0,
	                                 &dout)) != DOCCONV_OK)
		goto out;
	st = o->explain ? docconv_explain(&o->pipeline, &in, sink, &d)
	                : docconv_convert(&o->pipeline, &in, ctx, sink, &d);
	if (st == DOCCONV_OK) {
		st = docconv_sink_close(sink, &dout);
		sink = NULL;
	}
out:
	if (st != DOCCONV_OK)
		code = exit_code_for(st);
	docconv_sink_abandon(sink, &dout);
	print_diag(&d, o->quiet);
	print_diag(&dout, o->quiet);
	if (code != EXIT_OK && d.n_errors == 0 && dout.n_errors == 0)
		fprintf(stderr, "%s: %s: %s\n", program, display,
		        docconv_status_name(st));
	if (w && w->destroy && ctx)
		w->destroy(ctx);
	docconv_photo_index_free(photos.index);
	free(outpath);
	docconv_diag_free(&d);
	docconv_diag_free(&dout);
	return code;
}

/* Opens one input and converts it. */
static int convert_path(const options *o, const docconv_writer *w,
                        const char *input)
{
	int fd = -1, code;
	size_t size;
	int64_t mtime;
	docconv_source src;
	docconv_diag d;
	docconv_diag_init(&d, strcmp(input, "-") == 0 ? "stdin" : input);
	docconv_status st = docconv_open_input(input, DOCCONV_MAX_INPUT_BYTES, &fd,
	                                       &size, &mtime, &d);
	if (st == DOCCONV_OK) {
		docconv_source_fd(&src, fd);
		code = convert_one(o, w, input, &src, size, mtime);
	} else {
		print_diag(&d, o->quiet);
		code = exit_code_for(st);
	}
	if (fd > STDIN_FILENO)
		close(fd);
	docconv_diag_free(&d);
	return code;
}

/* --- batch ----------------------------------------------------------- */

/* "64M" and the like: a number with an optional K, M or G (powers of 1024). */
static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	unsigned shift = 0;
	if (errno || end == s || *s == '-')
		return 0;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	}
	if (*end || v == 0 || v > (UINT64_MAX >> shift))
		return 0;
	*out = (uint64_t)v << shift;
	return 1;
}

/* A whole number in 1..max. */
static int parse_count(const char *s, unsigned max, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v < 1 || v > max)
		return 0;
	*out = (unsigned)v;
	return 1;
}

/* "K/N" with 1 <= K <= N. */
static int parse_shard(const char *s, unsigned *k, unsigned *n)
{
	char buf[32];
	const char *slash = strchr(s, '/');
	if (!slash || (size_t)(slash - s) >= sizeof buf)
		return 0;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	return parse_count(slash + 1, UINT32_MAX, n) && parse_count(buf, *n, k);
}

typedef struct batch_ui {
	progress bar;
	int quiet;
} batch_ui;

static void on_batch_item(void *user, const docconv_batch_item *item)
{
	batch_ui *ui = user;
	const docconv_diag *d = item->diag;
	if (d->n_entries == 0 && item->result != DOCCONV_ITEM_FAILED)
		return;
	if (ui->quiet && d->n_errors == 0 && item->result != DOCCONV_ITEM_FAILED)
		return;
	progress_clear(&ui->bar);
	print_diag(d, ui->quiet);
	if (item->result == DOCCONV_ITEM_FAILED && d->n_errors == 0)
		fprintf(stderr, "%s: %s: %s\n", program, item->name,
		        docconv_status_name(item->status));
}

static void on_batch_progress(void *user, const docconv_batch_progress *p)
{
	progress_draw(&((batch_ui *)user)->bar, p);
}

/* Converts a folder, archives, several files or a list (conv/batch.c). */
static int run_batch(const options *o, const docconv_writer *w,
                     char *const *inputs, int n_inputs, docconv_source *stream)
{
	docconv_status st;
	docconv_batch *b = NULL;
	docconv_batch_opts bo;
	docconv_batch_summary sum;
	docconv_diag d;
	batch_ui ui;
	memset(&sum, 0, sizeof sum);
	docconv_diag_init(&d, NULL);
	progress_init(&ui.bar, stderr, !o->quiet && isatty(STDERR_FILENO));
	ui.quiet = o->quiet;

	docconv_batch_opts_init(&bo);
	bo.writer = w;
	bo.pipeline = o->pipeline;
	bo.write = o->write;
	bo.output = o->output;
	bo.jobs = o->jobs;
	bo.force = o->force;
	bo.split = o->split;
	bo.skip_existing = o->skip_existing;
	bo.images = o->images;
	bo.includes = o->includes;
	bo.n_includes = o->n_includes;
	bo.shard_index = o->shard_index;
	bo.shard_count = o->shard_count;
	if (o->max_entry_size)
		bo.max_entry_size = o->max_entry_size;
	if (o->max_total_size)
		bo.max_total_size = o->max_total_size;
	if (o->max_ratio)
		bo.max_ratio = o->max_ratio;
	bo.on_item = on_batch_item;
	bo.on_progress = on_batch_progress;
	bo.user = &ui;
	bo.cancel = &batch_cancel;
	bo.finishing = &batch_finishing;
	if (o->combine) {
		/* --title names the book; each chapter keeps its own. */
		bo.output_kind = DOCCONV_BATCH_TO_BOOK;
		bo.book_title = o->pipeline.title;
		bo.pipeline.title = NULL;
	} else if (docconv_name_has_extension(o->output, "zip") &&
	           !is_directory(o->output)) {
		bo.output_kind = DOCCONV_BATCH_TO_ZIP;
	}

	if ((st = docconv_batch_new(&b, &bo, &d)) != DOCCONV_OK)
		goto out;
	if (o->files_from) {
		d.file = strcmp(o->files_from, "-") == 0 ? "stdin" : o->files_from;
		if ((st = docconv_batch_add_list(b, o->files_from, &d)) != DOCCONV_OK)
			goto out;
	}
	for (int i = 0; i < n_inputs; i++) {
		d.file = stream ? "stdin" : inputs[i];
		st = stream ? docconv_batch_add_stream(b, "stdin", stream, &d)
		            : docconv_batch_add_path(b, inputs[i], &d);
		if (st != DOCCONV_OK)
			goto out;
	}
	d.file = NULL;
	batch_active = 1;
	st = docconv_batch_run(b, &sum, &d);
	batch_active = 0;
	progress_clear(&ui.bar);
	if (st == DOCCONV_OK && !o->quiet)
		progress_summary(&ui.bar, program, &sum, o->shard_index,
		                 o->shard_count);
out:
	print_diag(&d, o->quiet);
	if (st != DOCCONV_OK && d.n_errors == 0)
		fprintf(stderr, "%s: %s\n", program, docconv_status_name(st));
	docconv_diag_free(&d);
	docconv_batch_free(b);
	if (sum.interrupted || batch_cancel) {
		/* Die of the signal, as the shell expects of an interrupted
		 * command; every finished output is complete, nothing else is
		 * left. A signal after the last output was finished still ends
		 * the process by it, the outputs kept. */
		fprintf(stderr, "%s: interrupted\n", program);
		signal(batch_cancel, SIG_DFL);
		raise(batch_cancel);
	}
	if (st != DOCCONV_OK)
		return exit_code_for(st);
	return sum.failed ? EXIT_PARTIAL : EXIT_OK;
}

static void on_signal(int sig)
{
	static const char said[] = "docconv: interrupted\n";
	if (batch_active && !batch_cancel && !batch_finishing) {
		batch_cancel = sig;
		return;
	}
	docconv_sink_cleanup_on_signal();
	if (batch_active) {
		/* A batch says why it stopped, as it does after the articles
		 * in hand. */
		ssize_t told = write(STDERR_FILENO, said, sizeof said - 1);
		(void)told;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

enum {
	OPT_FROM = 256, OPT_ENCODING, OPT_TITLE, OPT_AUTHOR, OPT_LANG,
	OPT_VERTICAL, OPT_CSS, OPT_NO_COVER, OPT_PAPER, OPT_FONT, OPT_HEADING_FONT,
	OPT_CAPTION_FONT, OPT_LATIN_FONT, OPT_EXPLAIN, OPT_STRICT,
	OPT_FILES_FROM, OPT_INCLUDE, OPT_COMBINE, OPT_SKIP_EXISTING, OPT_SHARD,
	OPT_MAX_ENTRY_SIZE, OPT_MAX_TOTAL_SIZE, OPT_MAX_RATIO, OPT_SPLIT,
	OPT_ONE_ARTICLE, OPT_IMAGES, OPT_PHOTO_FRAMES
};

int main(int argc, char **argv)
{
	options o;
	int code = EXIT_OK;
	memset(&o, 0, sizeof o);
	o.pipeline.authors = o.authors;
	o.pipeline.write = &o.write;

	static const struct option longopts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "encoding", required_argument, NULL, OPT_ENCODING },
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "author", required_argument, NULL, OPT_AUTHOR },
		{ "lang", required_argument, NULL, OPT_LANG },
		{ "images", required_argument, NULL, OPT_IMAGES },
		{ "photo-frames", no_argument, NULL, OPT_PHOTO_FRAMES },
		{ "force", no_argument, NULL, 'f' },
		{ "vertical", no_argument, NULL, OPT_VERTICAL },
		{ "css", required_argument, NULL, OPT_CSS },
		{ "no-cover", no_argument, NULL, OPT_NO_COVER },
		{ "paper", required_argument, NULL, OPT_PAPER },
		{ "font", required_argument, NULL, OPT_FONT },
		{ "heading-font", required_argument, NULL, OPT_HEADING_FONT },
		{ "caption-font", required_argument, NULL, OPT_CAPTION_FONT },
		{ "latin-font", required_argument, NULL, OPT_LATIN_FONT },
		{ "explain", optional_argument, NULL, OPT_EXPLAIN },
		{ "quiet", no_argument, NULL, 'q' },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "jobs", required_argument, NULL, 'j' },
		{ "files-from", required_argument, NULL, OPT_FILES_FROM },
		{ "include", required_argument, NULL, OPT_INCLUDE },
		{ "combine", no_argument, NULL, OPT_COMBINE },
		{ "split", no_argument, NULL, OPT_SPLIT },
		{ "one-article", no_argument, NULL, OPT_ONE_ARTICLE },
		{ "skip-existing", no_argument, NULL, OPT_SKIP_EXISTING },
		{ "shard", required_argument, NULL, OPT_SHARD },
		{ "max-entry-size", required_argument, NULL, OPT_MAX_ENTRY_SIZE },
		{ "max-total-size", required_argument, NULL, OPT_MAX_TOTAL_SIZE },
		{ "max-ratio", required_argument, NULL, OPT_MAX_RATIO },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c;
	while ((c = getopt_long(argc, argv, "t:o:fqj:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 't': o.to = optarg; break;
		case 'o': o.output = optarg; break;
		case 'f': o.force = 1; break;
		case 'q': o.quiet = 1; break;
		case OPT_FROM:
			if (!(o.pipeline.reader = docconv_find_reader(optarg))) {
				fprintf(stderr, "%s: unknown input format '%s' (%s); see "
				        "'%s --help'\n", program, optarg,
				        docconv_reader_names(), program);
				return EXIT_USAGE;
			}
			break;
		case OPT_ENCODING: o.pipeline.encoding = optarg; break;
		case OPT_TITLE: o.pipeline.title = optarg; break;
		case OPT_AUTHOR:
			if (o.pipeline.n_authors >= MAX_AUTHOR_OPTIONS) {
				usage_error("too many --author options (at most %s)",
				            "64");
				return EXIT_USAGE;
			}
			o.authors[o.pipeline.n_authors++] = optarg;
			break;
		case OPT_LANG: o.pipeline.lang = optarg; break;
		case OPT_IMAGES: o.images = optarg; break;
		case OPT_PHOTO_FRAMES: o.write.photo_frames = 1; break;
		case OPT_VERTICAL: o.write.vertical = 1; break;
		case OPT_CSS: o.css_path = optarg; break;
		case OPT_NO_COVER: o.write.no_cover = 1; break;
		case OPT_PAPER:
			if (!parse_paper(optarg, &o.write.paper)) {
				usage_error("unknown paper size '%s' (a4, a5, b5, letter)",
				            optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_FONT: o.write.font = optarg; break;
		case OPT_HEADING_FONT: o.write.heading_font = optarg; break;
		case OPT_CAPTION_FONT: o.write.caption_font = optarg; break;
		case OPT_LATIN_FONT: o.write.latin_font = optarg; break;
		case OPT_EXPLAIN:
			o.explain = 1;
			if (optarg && strcmp(optarg, "features") == 0) {
				o.pipeline.explain_features = 1;
			} else if (optarg) {
				usage_error("--explain takes no value or 'features', not '%s'",
				            optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_STRICT: o.pipeline.strict = 1; break;
		case 'j':
			if (!parse_count(optarg, DOCCONV_BATCH_MAX_JOBS, &o.jobs)) {
				usage_error("-j takes a number of threads from 1 to 64, "
				            "not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_FILES_FROM: o.files_from = optarg; break;
		case OPT_INCLUDE:
			if (o.n_includes >= MAX_INCLUDE_OPTIONS) {
				usage_error("too many --include options (at most %s)", "64");
				return EXIT_USAGE;
			}
			o.includes[o.n_includes++] = optarg;
			break;
		case OPT_COMBINE: o.combine = 1; break;
		case OPT_SPLIT: o.split = 1; break;
		case OPT_ONE_ARTICLE: o.pipeline.one_article = 1; break;
		case OPT_SKIP_EXISTING: o.skip_existing = 1; break;
		case OPT_SHARD:
			if (!parse_shard(optarg, &o.shard_index, &o.shard_count)) {
				usage_error("--shard takes K/N with 1 <= K <= N, not '%s'",
				            optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_MAX_ENTRY_SIZE:
		case OPT_MAX_TOTAL_SIZE:
			if (!parse_size(optarg, c == OPT_MAX_ENTRY_SIZE
			                            ? &o.max_entry_size
			                            : &o.max_total_size)) {
				usage_error("a size is a positive number with an optional "
				            "K, M or G, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_MAX_RATIO:
			if (!parse_count(optarg, UINT32_MAX, &o.max_ratio)) {
				usage_error("--max-ratio takes a whole number of at least "
				            "1, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h': print_help(); return EXIT_OK;
		case 'V': print_version(); return EXIT_OK;
		default:
			fprintf(stderr, "%s: see '%s --help'\n", program, program);
			return EXIT_USAGE;
		}
	}

	const docconv_writer *w = NULL;
	if (!o.explain) {
		if (!o.to) {
			usage_error("no output format: give --to (%s)",
			            docconv_writer_names());
			return EXIT_USAGE;
		}
		if (!(w = docconv_find_writer(o.to))) {
			fprintf(stderr, "%s: unknown output format '%s' (%s); see "
			        "'%s --help'\n", program, o.to, docconv_writer_names(),
			        program);
			return EXIT_USAGE;
		}
	}
	o.pipeline.writer = w;
	int n_inputs = argc - optind;
	/* Standard input is an archive (a batch) or an article: its first
	 * bytes tell, and are read again by whichever takes it. */
	docconv_source in;
	int from_stdin = n_inputs == 1 && strcmp(argv[optind], "-") == 0;
	int stdin_archive = 0;
	if (from_stdin) {
		size_t n;
		const unsigned char *head;
		docconv_source_fd(&in, STDIN_FILENO);
		if (!(head = docconv_source_peek(&in, &n))) {
			fprintf(stderr, "%s: stdin: cannot read: %s\n", program,
			        strerror(errno));
			return EXIT_INPUT;
		}
		stdin_archive = !o.explain && docconv_archive_sniff(head, n);
	}
	/* A page split into a zip goes through the batch, which writes zips. */
	int batch = o.files_from || o.combine || n_inputs > 1 || stdin_archive ||
	            (n_inputs == 1 && docconv_batch_is_batch_input(argv[optind])) ||
	            (o.split && !o.explain && o.output && !from_stdin &&
	             docconv_name_has_extension(o.output, "zip") &&
	             !is_directory(o.output));
	if (n_inputs < 1 && !o.files_from) {
		usage_error("no input file%s", "");
		return EXIT_USAGE;
	}
	if (batch && o.explain) {
		usage_error("--explain takes one file%s", "");
		return EXIT_USAGE;
	}
	if (batch && !o.output) {
		usage_error("a batch needs -o: a folder (OUTDIR/), a zip (OUT.zip), "
		            "or %s", "a book file with --combine");
		return EXIT_USAGE;
	}
	if (batch && !o.combine && strcmp(o.output, "-") == 0) {
		usage_error("a batch writes one file per article; -o %s needs "
		            "--combine", o.output);
		return EXIT_USAGE;
	}
	if (o.combine && o.output[strlen(o.output) - 1] == '/') {
		usage_error("--combine writes one file, not a folder: -o %s",
		            o.output);
		return EXIT_USAGE;
	}
	if (o.combine && strcmp(o.output, "-") == 0 && isatty(STDOUT_FILENO) &&
	    w->binary) {
		usage_error("refusing to write %s to a terminal; give a file with -o",
		            w->name);
		return EXIT_USAGE;
	}
	if (o.split && (o.combine || o.pipeline.one_article)) {
		usage_error("--split writes an output per article; it cannot go "
		            "with %s", o.combine ? "--combine" : "--one-article");
		return EXIT_USAGE;
	}
	if (o.split && !o.explain &&
	    (o.output ? strcmp(o.output, "-") == 0 : from_stdin)) {
		usage_error("--split writes files, one per article; name them "
		            "with -o NAME or -o OUTDIR/%s", "");
		return EXIT_USAGE;
	}
	if (o.css_path && (code = load_css(&o)) != EXIT_OK)
		return code;

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, SIG_IGN);

	/* Dates go into zip entries as DOS times, which libarchive takes from
	 * localtime(): in UTC, the same input gives the same bytes anywhere. */
	setenv("TZ", "UTC0", 1);
	tzset();

	if (batch)
		code = run_batch(&o, w, argv + optind, n_inputs,
		                 stdin_archive ? &in : NULL);
	else if (from_stdin)
		code = convert_one(&o, w, "-", &in, 0, 0);
	else
		code = convert_path(&o, w, argv[optind]);
	free(o.css);
	return code;
}
