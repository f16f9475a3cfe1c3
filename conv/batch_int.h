/* batch_int.h — what batch.c (naming, workers, outputs) and batch_input.c
 * (sources, entries, reading them) share. Not a public interface.
 */
#ifndef DOCCONV_BATCH_INT_H
#define DOCCONV_BATCH_INT_H

#include <stddef.h>
#include <stdint.h>
#include <zip.h>

#include "batch.h"

typedef enum batch_source_kind {
	SOURCE_ZIP,
	SOURCE_FOLDER,
	SOURCE_LIST          /* files named on the command line or in a list */
} batch_source_kind;

typedef struct batch_source {
	batch_source_kind kind;
	char *path;          /* as given */
	char *title;         /* its name without folder or extension; NULL for
	                        a list */
	int dir_fd;          /* SOURCE_FOLDER: the open root, else -1 */
	uint64_t total;      /* SOURCE_ZIP: declared sizes of its articles in
	                        this shard */
} batch_source;

typedef struct batch_entry {
	size_t source;
	char *rel;           /* the path as found: zip name (as UTF-8), path
	                        under the folder, or the list line */
	char *zip_name;      /* SOURCE_ZIP: the name's bytes in the archive */
	char *name;          /* for messages, escaped: "a.zip:dir/x.txt" */
	char *safe;          /* the sanitised relative path, or NULL */
	char *output;        /* safe with the writer's extension, unique */
	char *refusal;       /* why it fails without being read, or NULL */
	docconv_status refusal_status;
	uint64_t zip_index;
	uint64_t size;       /* SOURCE_ZIP: uncompressed size from the header */
	int64_t mtime;
	size_t order;        /* enumeration order, for a stable sort */
} batch_entry;

struct docconv_batch {
	docconv_batch_opts o;
	batch_source *sources;
	size_t n_sources, cap_sources;
	batch_entry *entries;
	size_t n_entries, cap_entries;
	size_t enumerated;   /* entries seen, articles or not */
	size_t skipped;      /* entries that are not articles, in this shard */
	double started;      /* when the batch was made: enumerating counts */
};

/* batch_input.c */
void batch_sources_free(docconv_batch *b);
/* Reads an article's bytes, bounded by the limits. `zips` is the calling
 * worker's table of open archives (one slot per source, opened on first
 * use: libzip handles are not shared between threads). */
docconv_status batch_read_entry(docconv_batch *b, zip_t **zips,
                                const batch_entry *e, unsigned char **bytes,
                                size_t *n, docconv_diag *d);
/* Opens the folder that holds the last part of `rel` beneath `root`,
 * never through a symbolic link; with `create`, missing folders are made.
 * *leaf points into rel. Errors name `rel` in d. */
docconv_status batch_open_parent(int root, const char *rel, int create,
                                 int *parent, const char **leaf,
                                 docconv_diag *d);

#endif
