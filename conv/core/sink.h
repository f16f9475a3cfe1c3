/* sink.h — where a writer's bytes go.
 *
 * A sink is a regular file (written to a temporary name beside it and
 * renamed into place only when complete, so a failed or interrupted run
 * leaves no partial file), standard output or a device or FIFO (written in
 * place: never replaced, never unlinked), or memory (for archives and tests).
 *
 * Writers only call docconv_sink_write; whoever opened the sink finishes it
 * with docconv_sink_close (commit) or docconv_sink_discard (abandon).
 */
#ifndef DOCCONV_SINK_H
#define DOCCONV_SINK_H

#include <stddef.h>

#include "diag.h"

typedef struct docconv_sink docconv_sink;

typedef enum docconv_sink_kind {
	DOCCONV_SINK_ATOMIC_FILE,  /* temporary name, renamed on close */
	DOCCONV_SINK_IN_PLACE,     /* stdout, a device, a FIFO */
	DOCCONV_SINK_MEMORY
} docconv_sink_kind;

/* Opens `path` for writing ("-" is standard output). Paths under /dev and
 * /proc, and anything that exists and is not a regular file, are written in
 * place; the names of a descriptor the program already has ("-",
 * /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N) are written to that
 * descriptor itself, so the shell's redirection holds (`>>` appends). A
 * symbolic link to a regular file replaces the file it points to and keeps
 * the link. Errors name the path in `d`. */
docconv_status docconv_sink_open_path(docconv_sink **out, const char *path,
                                      docconv_diag *d);
/* Whether docconv_sink_open_path writes `path` in place rather than
 * replacing a file: an existing regular file it names is then not "an
 * output that exists" (-o /dev/stdout with standard output in a file). */
int docconv_sink_is_in_place(const char *path);
docconv_status docconv_sink_open_memory(docconv_sink **out);

/* Appends bytes. After the first failure every later call fails too, and
 * close reports the cause. */
docconv_status docconv_sink_write(docconv_sink *s, const void *p, size_t n);
docconv_status docconv_sink_puts(docconv_sink *s, const char *str);

/* Memory sinks: the bytes written so far. */
const unsigned char *docconv_sink_data(const docconv_sink *s, size_t *len);
/* Memory sinks: hands the buffer to the caller (free it); the sink is then
 * empty. */
unsigned char *docconv_sink_take(docconv_sink *s, size_t *len);

/* Flushes and commits (renames a temporary file into place) and frees the
 * sink. On failure the temporary file is removed and the cause goes to `d`. */
docconv_status docconv_sink_close(docconv_sink *s, docconv_diag *d);
/* Abandons the output (removes a temporary file) and frees the sink. */
void docconv_sink_discard(docconv_sink *s);
/* The same, after a writer failed: when the cause was a write to the sink
 * (a full disk), it goes to `d` as close would report it, so the user
 * learns why and the writer need not say it. */
void docconv_sink_abandon(docconv_sink *s, docconv_diag *d);

/* Removes every temporary file of sinks still open; async-signal-safe, for a
 * SIGINT/SIGTERM handler. */
void docconv_sink_cleanup_on_signal(void);

#endif
