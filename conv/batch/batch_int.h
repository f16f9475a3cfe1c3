/* batch_int.h — what batch.c (naming, workers, outputs) and sources.c
 * (archives, folders, lists, and an article's bytes) share. Not a public
 * interface.
 */
#ifndef DOCCONV_BATCH_INT_H
#define DOCCONV_BATCH_INT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "batch.h"

typedef enum batch_source_kind {
	SOURCE_ARCHIVE,
	SOURCE_FOLDER,
	SOURCE_LIST          /* files named on the command line or in a list */
} batch_source_kind;

/* A file as the system knows it, whatever names lead to it (links): an
 * output that is an input is refused by this. */
typedef struct batch_file_id {
	uint64_t dev, ino;
	int known;
} batch_file_id;

typedef struct batch_source {
	batch_source_kind kind;
	char *path;          /* as given */
	char *title;         /* its name without folder or extension; NULL for
	                        a list */
	int dir_fd;          /* SOURCE_FOLDER: the open root, else -1 */
	batch_file_id id;    /* SOURCE_ARCHIVE: the archive file, if any */
	docconv_photo_index *photos;   /* its pictures, or NULL (photos.c) */
} batch_source;

typedef struct batch_entry {
	size_t source;
	char *rel;           /* the path as found: archive name (as UTF-8), path
	                        under the folder, or the list line */
	char *name;          /* for messages, escaped: "a.zip:dir/x.txt" */
	char *safe;          /* the sanitised relative path, or NULL */
	char *output;        /* safe with the writer's extension, unique */
	char *refusal;       /* why it fails without being read, or NULL */
	docconv_status refusal_status;
	uint64_t spool_at;   /* SOURCE_ARCHIVE: where its bytes are in the spool */
	uint64_t size;       /* the size to read (archive: the bytes kept) */
	int64_t mtime;
	batch_file_id id;    /* a folder's or a list's file */
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
	int spool_fd;        /* the archives' articles and pictures, or -1 */
	uint64_t spool_len;
	docconv_photo_index *images;   /* --images DIR, or NULL */
};

/* sources.c */
void batch_sources_free(docconv_batch *b);
/* The identity of a file stat(2) or fstat(2) filled in. */
batch_file_id batch_file_id_of(const struct stat *sb);
/* An article's bytes as a source, with what the pipeline needs to know of
 * them; the caller gives `state` room and calls batch_entry_close after. */
typedef struct batch_entry_input {
	docconv_source src;
	docconv_input in;
	int fd;              /* an opened file, or -1 */
	uint64_t at, end;    /* SOURCE_ARCHIVE: the range of the spool */
	int spool_fd;
	docconv_photo_place place;     /* where its photos are */
	docconv_photo_index *own_photos;   /* a listed file's folder */
	char where[64];
} batch_entry_input;
docconv_status batch_entry_open(docconv_batch *b, const batch_entry *e,
                                batch_entry_input *ei, docconv_diag *d);
void batch_entry_close(batch_entry_input *ei);
/* photos.c: the pictures of the sources, for their articles' photos
 * (conv/pipeline/photos.h). */
/* An archive's picture `rel` kept in the spool at `at`; `at` ==
 * BATCH_PHOTO_UNREAD when it could not be kept, `size` then saying why. */
#define BATCH_PHOTO_UNREAD (DOCCONV_PHOTO_UNLISTED - 1)
enum { BATCH_PHOTO_TOO_LARGE = 1, BATCH_PHOTO_BOMB, BATCH_PHOTO_DAMAGED,
       BATCH_PHOTO_NOT_FILE };
docconv_status batch_photos_add(docconv_batch *b, size_t source,
                                const char *rel, uint64_t at, uint64_t size);
/* Once every source is added: the articles beside the pictures, the
 * indexes ordered, --images DIR read. */
docconv_status batch_photos_seal(docconv_batch *b, docconv_diag *d);
/* Where an entry's photos are, into ei->place (and ei->own_photos). */
docconv_status batch_photos_place(docconv_batch *b, const batch_entry *e,
                                  batch_entry_input *ei, docconv_diag *d);
void batch_photos_free(docconv_batch *b);

/* Opens the folder that holds the last part of `rel` beneath `root`,
 * never through a symbolic link; with `create`, missing folders are made.
 * *leaf points into rel. Errors name `rel` in d. */
docconv_status batch_open_parent(int root, const char *rel, int create,
                                 int *parent, const char **leaf,
                                 docconv_diag *d);

#endif
