/* batch.h — many articles in one run: an archive, a folder, or a list.
 *
 * The same flow as one file (docconv_convert, pipeline.h), around it:
 *
 *   enumerate ─► name ─► shard ─► N workers ─► collector ─► folder | OUT.zip
 *   (archive,      (safe, (K of N)   (the pipeline, (in order:        | book
 *    folder, list;  unique)           one article    zip entries,
 *    sort)                            each)          reports)
 *
 * Enumerating (docconv_batch_add_*) happens before anything is written, so
 * an unusable archive leaves no output at all. A folder or a list gives
 * names and sizes; an archive (formats/archive/: zip, tar and its
 * compressed forms, 7z; a file or a stream such as standard input) is
 * read once, in its own order, and the articles of this shard are kept in
 * one temporary file (in $TMPDIR, removed at once, so nothing is left
 * behind) for the workers to take in natural order: a compressed tar has
 * no other way to reach its tenth entry than through the nine before.
 *
 * Which entries are articles: in an archive or a folder, names ending in
 * ".txt" (any case) and those matching an include glob (fnmatch against the
 * relative path, where '*' also matches '/'); files named on the command
 * line or in a list always are. Everything else, hidden names (a part
 * starting with '.'), "__MACOSX/", symbolic links and special files are
 * skipped and counted. A folder is walked without following any symbolic
 * link, so nothing outside it is read; a hidden folder counts as one
 * skipped entry.
 *
 * Names in an archive are read as UTF-8 when they are, else as GB18030
 * (what Chinese Windows archivers write, unflagged).
 *
 * Photos (conv/pipeline/photos.h): each article's are looked for beside
 * it, in its folder or archive, by the same rules as for one article (an
 * archive's pictures are kept in the spool with its articles, within the
 * same limits, and counted in --max-total-size), or with --images DIR in
 * DIR's folder that mirrors the article's. Pictures are skipped entries
 * all the same: they are not articles. No symbolic link is followed.
 *
 * Order: entries of an archive or folder in natural order of their paths
 * (names.h); list entries in the order given; sources in the order added.
 *
 * Output names mirror each entry's relative path (sanitised: names.h) with
 * the writer's extension; a list entry given with an absolute path or with
 * ".." uses its file name only. Equal names get "~2", "~3" suffixes in
 * that order, decided over all entries before sharding, so every shard
 * names its outputs as a whole run would.
 *
 * Archive limits, the same for every archive format: an entry's declared
 * size is checked against the entry limit before it is read; an entry is
 * read only up to its declared size (a header that understates it fails)
 * and never past the entry limit; while it inflates, its compression ratio
 * (the entry's bytes over the archive bytes read for them) is held to
 * --max-ratio once past DOCCONV_BATCH_RATIO_FLOOR, and so is the whole
 * stream's (a compressed tar) and the archive's articles together (their
 * bytes over the archive's size: many entries each under the floor); the
 * articles of a run together are held to --max-total-size. Past the first
 * three the entry fails; past the stream ratio, the articles' ratio or the
 * total the whole archive is refused, before any output.
 *
 * An article that cannot be used fails alone and is counted as failed:
 * an unsafe name, a link or an encrypted entry in an archive ("encrypted:
 * skipped"), an entry past a limit, an output that exists without --force,
 * an output that is one of the inputs (the same file, through links too;
 * refused even with --force, as it is for a zip or a book), or anything
 * the reader or writer refuses (--strict: any warning).
 *
 * Every output is written to a temporary file and published when complete
 * (sink.h): without --force by a link that fails when the name exists, so
 * two runs into one folder never replace each other's outputs. Output
 * folders are created one level at a time with mkdirat and opened with
 * O_NOFOLLOW, and every file is made, published and checked relative to
 * the folder descriptor so opened, never by its path: no entry can reach
 * through a symbolic link, not even one swapped in while the run writes.
 * An existing output that is a link is refused, not followed. An output
 * folder that takes no files is said once, before any article. Each folder
 * the run writes into is rid, once, of the temporary files of runs that
 * died (sink.h).
 *
 * The library never prints: per-article results and progress go to the
 * callbacks, always from the thread that called docconv_batch_run, in
 * entry order.
 */
#ifndef DOCCONV_BATCH_H
#define DOCCONV_BATCH_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "conv/core/decode.h"
#include "conv/core/diag.h"
#include "conv/core/source.h"
#include "conv/pipeline/pipeline.h"
#include "formats/formats.h"

/* Defaults for the archive limits (--max-entry-size, --max-total-size,
 * --max-ratio). */
/* One article: the reader's own limit; a larger entry could not be read. */
#define DOCCONV_BATCH_MAX_ENTRY_SIZE ((uint64_t)DOCCONV_MAX_INPUT_BYTES)
/* All articles of a run: a million articles of a few kilobytes each. */
#define DOCCONV_BATCH_MAX_TOTAL_SIZE ((uint64_t)8 << 30)
/* Text deflates 3:1 to 10:1; a run of zeros 1000:1. */
#define DOCCONV_BATCH_MAX_RATIO 100u
/* Entries this small are not held to the ratio: however well they compress
 * they cannot hurt. */
#define DOCCONV_BATCH_RATIO_FLOOR ((uint64_t)1 << 20)
/* Entries (articles and skipped ones) one run enumerates: the list costs
 * a few hundred bytes an entry. */
#define DOCCONV_BATCH_MAX_ENTRIES 1000000u
/* The longest line of a --files-from list: no path longer than PATH_MAX
 * can be opened, so a longer line is not a list (/dev/zero, a binary). */
#define DOCCONV_BATCH_MAX_LIST_LINE 4096
/* Lines of one list, blank ones too: each could be an entry, and reading
 * must end (a list from an endless pipe). */
#define DOCCONV_BATCH_MAX_LIST_LINES DOCCONV_BATCH_MAX_ENTRIES
/* Worker threads: more than cores only adds contention; each also holds
 * an open temporary file (sink.c keeps room for 256). */
#define DOCCONV_BATCH_MAX_JOBS 64u
/* Folder levels walked; deeper trees are refused. */
#define DOCCONV_BATCH_MAX_DEPTH 64u

typedef enum docconv_batch_output {
	DOCCONV_BATCH_TO_FOLDER = 0,   /* one file per article under a folder */
	DOCCONV_BATCH_TO_ZIP,          /* one entry per article in a new zip */
	DOCCONV_BATCH_TO_BOOK          /* one book of every article (--combine) */
} docconv_batch_output;

typedef enum docconv_item_result {
	DOCCONV_ITEM_CONVERTED = 0,
	DOCCONV_ITEM_FAILED,
	DOCCONV_ITEM_EXISTING          /* --skip-existing found its output */
} docconv_item_result;

/* One article's outcome, handed to on_item in entry order. */
typedef struct docconv_batch_item {
	size_t index, total;           /* 0-based position in this run */
	const char *name;              /* for messages: "a.zip:dir/x.txt" */
	const char *output;            /* relative output path; NULL for a book */
	docconv_item_result result;
	docconv_status status;         /* why it failed */
	const docconv_diag *diag;      /* its messages (file = name) */
} docconv_batch_item;

typedef struct docconv_batch_progress {
	size_t done, total;            /* articles finished by the workers */
	size_t failed;                 /* of those reported so far */
	double elapsed;                /* seconds since the run started */
} docconv_batch_progress;

typedef struct docconv_batch_summary {
	size_t articles;               /* articles in this run (this shard) */
	size_t converted, failed;
	size_t existing;               /* skipped: --skip-existing */
	size_t skipped;                /* entries that are not articles */
	unsigned jobs;                 /* worker threads used */
	double seconds;
	int interrupted;               /* *cancel stopped the run */
} docconv_batch_summary;

typedef void (*docconv_batch_item_fn)(void *user,
                                      const docconv_batch_item *item);
/* Called at most DOCCONV_BATCH_PROGRESS_HZ times a second, and once at the
 * end. */
typedef void (*docconv_batch_progress_fn)(void *user,
                                          const docconv_batch_progress *p);
#define DOCCONV_BATCH_PROGRESS_HZ 10

typedef struct docconv_batch_opts {
	const docconv_writer *writer;
	docconv_write_opts write;
	/* The reader, encoding, overrides and --strict; its writer and write
	 * options are the two above. */
	docconv_pipeline pipeline;
	docconv_batch_output output_kind;
	const char *output;            /* the folder, the zip or the book */
	const char *book_title;        /* NULL: the first source's name */
	unsigned jobs;                 /* 0: the number of CPUs */
	/* --split: one output per article of a page ("page-1.epub"...; a
	 * page of one keeps its name), into a folder or a zip; not a book.
	 * The first is written last, so under --skip-existing a page whose
	 * first output (or only one) exists is done. */
	int split;
	int force;                     /* replace existing outputs */
	int skip_existing;             /* leave articles whose output exists */
	const char *images;            /* --images DIR: where the photos are,
	                                  its folders mirroring the inputs';
	                                  NULL: beside each article */
	const char *const *includes;   /* extra article globs */
	size_t n_includes;
	unsigned shard_index;          /* K of --shard K/N (1-based) */
	unsigned shard_count;          /* N; 0 means no sharding */
	uint64_t max_entry_size;       /* 0: the defaults above */
	uint64_t max_total_size;
	unsigned max_ratio;
	docconv_batch_item_fn on_item;
	docconv_batch_progress_fn on_progress;
	void *user;
	/* When this becomes non-zero (a signal handler sets it), the run stops
	 * between articles: workers finish the article in hand, a zip or book
	 * being written is abandoned, and the summary says `interrupted`. */
	volatile sig_atomic_t *cancel;
	/* Set to 1 while the run writes what it collected (the book of
	 * --combine, the end of OUT.zip): no article is in hand then, so a
	 * signal handler may end the process at once (its temporary file is
	 * unnamed, or removed by docconv_sink_cleanup_on_signal). */
	volatile sig_atomic_t *finishing;
} docconv_batch_opts;

typedef struct docconv_batch docconv_batch;

void docconv_batch_opts_init(docconv_batch_opts *o);

/* The opts are copied; the strings they point to must outlive the batch.
 * DOCCONV_ERR_USAGE for a combination that makes no sense (diag says). */
docconv_status docconv_batch_new(docconv_batch **out,
                                 const docconv_batch_opts *opts,
                                 docconv_diag *d);
/* Adds an archive, a folder (walked now) or one article file. */
docconv_status docconv_batch_add_path(docconv_batch *b, const char *path,
                                      docconv_diag *d);
/* Adds the archive `src` streams (standard input), read now; `name` stands
 * for it in messages and is the default title of a book. */
docconv_status docconv_batch_add_stream(docconv_batch *b, const char *name,
                                        docconv_source *src, docconv_diag *d);
/* Adds the files listed in `list` ("-": standard input), one a line. */
docconv_status docconv_batch_add_list(docconv_batch *b, const char *list,
                                      docconv_diag *d);
/* Converts everything added. DOCCONV_OK when the run completed, even if
 * some articles failed (the summary counts them); an error when the run as
 * a whole could not be done (the output cannot be created, a limit, a
 * writer that cannot start). */
docconv_status docconv_batch_run(docconv_batch *b, docconv_batch_summary *sum,
                                 docconv_diag *d);
void docconv_batch_free(docconv_batch *b);

/* Whether `path` should be read as a batch rather than one article: a
 * folder, or a file named or starting like an archive (archive.h). */
int docconv_batch_is_batch_input(const char *path);
/* The number of CPUs online, within 1..DOCCONV_BATCH_MAX_JOBS. */
unsigned docconv_batch_default_jobs(void);
/* Whether the entry with relative path rel[0..n) belongs to shard K of N
 * (1-based): FNV-1a 64 of the path, mod N, equals K - 1. */
int docconv_batch_in_shard(const char *rel, size_t n, unsigned k, unsigned count);

#endif
