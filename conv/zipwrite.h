/* zipwrite.h — a zip archive written as a stream into a sink, for
 * `-o OUT.zip`.
 *
 * libzip builds an archive only at zip_close and keeps every added source
 * until then, so a batch of a thousand PDFs would sit in memory at once.
 * Here each entry goes to the sink as soon as it is added: a local header,
 * the data (deflated, or stored when that is not smaller), and a small
 * record kept for the central directory written by docconv_zipw_finish.
 *
 * The bytes depend only on the entries, their order and their times: no
 * extra fields, fixed attributes (a regular file, 0644), names flagged as
 * UTF-8. No zip64: past DOCCONV_ZIPW_MAX_ENTRIES entries or 4 GiB the
 * writer stops with DOCCONV_ERR_LIMIT.
 */
#ifndef DOCCONV_ZIPWRITE_H
#define DOCCONV_ZIPWRITE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "sink.h"

/* The most entries a zip without zip64 records can hold. */
#define DOCCONV_ZIPW_MAX_ENTRIES 65535u
/* Sizes and offsets are 32-bit without zip64; 0xffffffff means "see zip64". */
#define DOCCONV_ZIPW_MAX_OFFSET 0xfffffffeu

typedef struct docconv_zipw docconv_zipw;

/* A writer into `sink`, which stays the caller's to close or discard.
 * `name` (the archive's path) goes into messages. */
docconv_status docconv_zipw_new(docconv_zipw **out, docconv_sink *sink,
                                const char *name);
/* Writes one entry. `path` is a relative path with '/' separators; `mtime`
 * seconds since the epoch, stored as a DOS time in UTC (1980..2107). */
docconv_status docconv_zipw_add(docconv_zipw *z, const char *path,
                                const unsigned char *data, size_t n,
                                int64_t mtime, docconv_diag *d);
/* Writes the central directory. The sink then holds a complete archive. */
docconv_status docconv_zipw_finish(docconv_zipw *z, docconv_diag *d);
void docconv_zipw_free(docconv_zipw *z);

#endif
