/* sink.h — where a writer's bytes go.
 *
 * A sink is a regular file (written to a temporary file in the folder of
 * its name and published there only when complete, so a failed or
 * interrupted run leaves no partial file), standard output or a device or
 * FIFO (written in place: never replaced, never unlinked), or memory (for
 * archives and tests).
 *
 * A file is made and published relative to a folder descriptor (openat,
 * linkat, renameat), never by its path again: whoever checked the folder
 * (a batch, with O_NOFOLLOW at every level) writes into that folder, even
 * if a name on the way is swapped for a symbolic link meanwhile.
 *
 * The temporary file: where the file system allows (O_TMPFILE: ext4, XFS,
 * Btrfs, tmpfs), an unnamed file that no interruption, not even SIGKILL,
 * can leave behind; it gets a name only when published. Elsewhere (NFS,
 * FUSE) a hidden `.NAME.docconv-XXXXXX` beside the output, locked (an open
 * file description lock) while its writer lives; a later run that opens the
 * folder removes those whose writer is gone (docconv_sink_remove_stale).
 *
 * Publishing without DOCCONV_SINK_REPLACE cannot overwrite: the file is
 * linked to its name (linkat, or renameat2 with RENAME_NOREPLACE), which
 * fails when the name exists, so two runs into one folder never replace
 * each other's outputs. With it, the file is renamed over the old one.
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
	DOCCONV_SINK_ATOMIC_FILE,  /* a temporary file, published on close */
	DOCCONV_SINK_IN_PLACE,     /* stdout, a device, a FIFO */
	DOCCONV_SINK_MEMORY
} docconv_sink_kind;

/* Flags of docconv_sink_open_path and docconv_sink_open_at. */
/* An existing file of the output's name is replaced (--force); without
 * it, committing fails when the name exists. */
#define DOCCONV_SINK_REPLACE 1u
/* A named temporary file even where an unnamed one would do: for the
 * tests of the named kind. */
#define DOCCONV_SINK_NAMED 2u

/* Opens `path` for writing ("-" is standard output). Paths under /dev and
 * /proc, and anything that exists and is not a regular file, are written in
 * place; the names of a descriptor the program already has ("-",
 * /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N) are written to that
 * descriptor itself, so the shell's redirection holds (`>>` appends). A
 * symbolic link to a regular file replaces the file it points to and keeps
 * the link. Stale temporary files of an earlier run in the output's folder
 * are removed. Errors name the path in `d`. */
docconv_status docconv_sink_open_path(docconv_sink **out, const char *path,
                                      unsigned flags, docconv_diag *d);
/* Opens the file `name` (one name, no '/') in the folder `dir`, which the
 * caller keeps open; `display` names it in messages. A symbolic link of
 * that name is never followed: it is replaced (with DOCCONV_SINK_REPLACE)
 * or makes the commit fail, as any existing name. */
docconv_status docconv_sink_open_at(docconv_sink **out, int dir,
                                    const char *name, const char *display,
                                    unsigned flags, docconv_diag *d);
/* Whether docconv_sink_open_path writes `path` in place rather than
 * replacing a file: an existing regular file it names is then not "an
 * output that exists" (-o /dev/stdout with standard output in a file). */
int docconv_sink_is_in_place(const char *path);
docconv_status docconv_sink_open_memory(docconv_sink **out);

/* Whether a file can be made in the folder `dir` (`display` in messages):
 * a temporary file is made and dropped. So a batch says once that its
 * output folder is read-only, rather than once per article. */
docconv_status docconv_sink_check_folder(int dir, const char *display,
                                         docconv_diag *d);
/* Removes the temporary files in `dir` that a writer which is gone left
 * (a run killed with SIGKILL, or by a second signal while it was naming
 * one): hidden `.NAME.docconv-XXXXXX` files nobody holds a lock on. Best
 * effort; the count removed. */
size_t docconv_sink_remove_stale(int dir);

/* Appends bytes. After the first failure every later call fails too, and
 * close reports the cause. */
docconv_status docconv_sink_write(docconv_sink *s, const void *p, size_t n);
docconv_status docconv_sink_puts(docconv_sink *s, const char *str);

/* Memory sinks: the bytes written so far. */
const unsigned char *docconv_sink_data(const docconv_sink *s, size_t *len);
/* Memory sinks: hands the buffer to the caller (free it); the sink is then
 * empty. */
unsigned char *docconv_sink_take(docconv_sink *s, size_t *len);

/* Flushes and commits (publishes a temporary file under its name) and frees
 * the sink. On failure the temporary file is removed and the cause goes to
 * `d`; an output that exists without DOCCONV_SINK_REPLACE is
 * DOCCONV_ERR_WRITE, "exists; use --force". */
docconv_status docconv_sink_close(docconv_sink *s, docconv_diag *d);
/* The same, but an output found existing at commit is not an error: the
 * new bytes are dropped and *existed is set (--skip-existing, when another
 * run made the output meanwhile). */
docconv_status docconv_sink_close_unless_exists(docconv_sink *s, int *existed,
                                                docconv_diag *d);
/* Abandons the output (removes a temporary file) and frees the sink. */
void docconv_sink_discard(docconv_sink *s);
/* The same, after a writer failed: when the cause was a write to the sink
 * (a full disk), it goes to `d` as close would report it, so the user
 * learns why and the writer need not say it. */
void docconv_sink_abandon(docconv_sink *s, docconv_diag *d);
/* Whether a write to the sink failed (the writer's own message may then
 * be left for docconv_sink_abandon's, which names the file and the
 * cause). */
int docconv_sink_failed(const docconv_sink *s);

/* Removes every named temporary file of sinks still open, after waiting
 * (briefly) for other threads that are naming one; from then on no sink
 * makes a name. Async-signal-safe, for the handler of a signal that ends
 * the process. */
void docconv_sink_cleanup_on_signal(void);

#endif
