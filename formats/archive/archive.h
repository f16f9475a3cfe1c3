/* archive.h — archives in and out, through libarchive: the entries of any
 * archive it reads here (zip, tar, 7z; the tar compressed with gzip, bzip2,
 * xz or zstd), from a file or a stream such as a pipe, and a zip written
 * into a sink (-o OUT.zip).
 *
 * Format knowledge only: which entries are articles, the limits, the
 * safety of names and the order are the batch's (conv/batch/). The
 * libarchive part is a module (module.h), loaded the first time an archive
 * is opened or written: telling whether an input is an archive
 * (docconv_archive_sniff, docconv_archive_has_extension) needs none of it.
 */
#ifndef DOCCONV_ARCHIVE_H
#define DOCCONV_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conv/core/diag.h"
#include "conv/core/sink.h"
#include "conv/core/source.h"

/* Whether the first bytes of an input are an archive or a compressed
 * stream (zip, 7z, gzip, bzip2, xz, zstd, or a tar's "ustar" at byte 257). */
int docconv_archive_sniff(const unsigned char *head, size_t n);
/* Whether a file name ends as an archive's does: .zip, .7z, .tar, .tgz,
 * .tbz2, .txz, .tzst, .tar.gz, .tar.bz2, .tar.xz, .tar.zst (any case). */
int docconv_archive_has_extension(const char *name);
/* The length of `name` without such an extension ("june.tar.gz": 4). */
size_t docconv_archive_stem(const char *name);

typedef enum docconv_entry_kind {
	DOCCONV_ENTRY_FILE,
	DOCCONV_ENTRY_FOLDER,
	DOCCONV_ENTRY_LINK,        /* a symbolic or a hard link */
	DOCCONV_ENTRY_OTHER        /* a device, a FIFO... */
} docconv_entry_kind;

typedef struct docconv_archive_entry {
	const char *name;          /* the stored path's bytes, as they are */
	docconv_entry_kind kind;
	int size_known;            /* a zip streamed with data descriptors may
	                              not say */
	uint64_t size;             /* uncompressed, as the header declares */
	int64_t mtime;             /* seconds since the epoch; 0 unknown */
	int encrypted;
} docconv_archive_entry;

typedef struct docconv_archive docconv_archive;

/* Opens the archive `src` reads (a file, which may then be read by
 * seeking, or a stream). `name` goes into messages. Errors: "not an
 * archive", damaged, or the module cannot be loaded. */
docconv_status docconv_archive_open(docconv_archive **out, docconv_source *src,
                                    const char *name, docconv_diag *d);
/* The next entry in archive order; *done at the end. The entry's strings
 * last until the next call. An error means the archive as a whole cannot
 * be read further (damaged, truncated). */
docconv_status docconv_archive_next(docconv_archive *a,
                                    docconv_archive_entry *e, int *done,
                                    docconv_diag *d);
/* Reads the current entry's data: as docconv_read_fn (ctx is the
 * archive). */
long long docconv_archive_read(void *a, void *buf, size_t n);
/* Why the last call failed, for a message. */
const char *docconv_archive_error(docconv_archive *a);
/* Bytes of the archive consumed so far, and bytes of entry data and
 * headers they gave: their ratio is how hard the archive inflates. */
void docconv_archive_counts(docconv_archive *a, uint64_t *packed,
                            uint64_t *unpacked);
void docconv_archive_close(docconv_archive *a);

/* A zip written into a sink, one entry at a time, so only the entry being
 * added is in memory. The bytes depend only on the entries, their order
 * and their times: fixed attributes (a regular file, 0644, owner 0), names
 * flagged as UTF-8, deflate at a fixed level; zip64 records only when an
 * archive needs them (past 65,535 entries or 4 GiB). */
typedef struct docconv_zip_writer docconv_zip_writer;

/* A writer into `sink`, which stays the caller's to close or discard.
 * `name` (the archive's path) goes into messages; when a write to the
 * sink fails, the message is left to docconv_sink_abandon (the file and
 * the cause). */
docconv_status docconv_zip_writer_new(docconv_zip_writer **out,
                                      docconv_sink *sink, const char *name,
                                      docconv_diag *d);
/* Adds one entry: `path` relative with '/' separators, UTF-8; `mtime`
 * seconds since the epoch, stored as a DOS time in UTC. */
docconv_status docconv_zip_writer_add(docconv_zip_writer *z, const char *path,
                                      const unsigned char *data, size_t n,
                                      int64_t mtime, docconv_diag *d);
/* Writes the central directory: the sink then holds a complete archive. */
docconv_status docconv_zip_writer_finish(docconv_zip_writer *z,
                                         docconv_diag *d);
void docconv_zip_writer_free(docconv_zip_writer *z);

/* libarchive's version, for --version (loads the module). */
void docconv_archive_versions(FILE *f);

#endif
