/* ops.h — the archive functions as the libarchive module (libarchive.c)
 * gives them to the rest of the program (archive.c). Not a public
 * interface: use archive.h.
 */
#ifndef DOCCONV_ARCHIVE_OPS_H
#define DOCCONV_ARCHIVE_OPS_H

#include "archive.h"

typedef struct docconv_archive_ops {
	__typeof__(&docconv_archive_open) open;
	__typeof__(&docconv_archive_next) next;
	__typeof__(&docconv_archive_read) read;
	__typeof__(&docconv_archive_error) error;
	__typeof__(&docconv_archive_counts) counts;
	__typeof__(&docconv_archive_close) close;
	__typeof__(&docconv_zip_writer_new) zip_new;
	__typeof__(&docconv_zip_writer_add) zip_add;
	__typeof__(&docconv_zip_writer_finish) zip_finish;
	__typeof__(&docconv_zip_writer_free) zip_free;
	__typeof__(&docconv_archive_versions) versions;
} docconv_archive_ops;

/* The table, in the module (or linked in directly, as the tests do). */
extern const docconv_archive_ops docconv_archive_libarchive;

#endif
