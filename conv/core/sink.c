/* sink.c — atomic files, in-place outputs and memory buffers. */
#include "sink.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "text.h"

/* Bytes buffered before a write(2); large enough that an article is one or
 * two system calls. */
#define SINK_BUFFER_SIZE (64 * 1024)
/* Temporary files that can be open at once (one per batch worker); the
 * signal handler removes them. */
#define SINK_MAX_PENDING 256

struct docconv_sink {
	docconv_sink_kind kind;
	int fd;
	int close_fd;          /* 0 for standard output */
	int err;               /* first errno seen, 0 if none */
	char *path;            /* the final path (as given) */
	char *target;          /* the file really replaced (links resolved) */
	char *tmp;             /* the temporary path for atomic files */
	int slot;              /* index in the pending table, -1 if none */
	mode_t mode;           /* mode for the committed file */
	docconv_buf buf;
};

/* The temporary files of open sinks, for the signal handler. Entries are
 * written under the mutex; the handler only reads them. */
static char pending[SINK_MAX_PENDING][PATH_MAX];
static volatile sig_atomic_t pending_used[SINK_MAX_PENDING];
static pthread_mutex_t pending_lock = PTHREAD_MUTEX_INITIALIZER;

static int pending_add(const char *path)
{
	int slot = -1;
	if (strlen(path) >= PATH_MAX)
		return -1;
	pthread_mutex_lock(&pending_lock);
	for (int i = 0; i < SINK_MAX_PENDING; i++)
		if (!pending_used[i]) {
			strcpy(pending[i], path);
			pending_used[i] = 1;
			slot = i;
			break;
		}
	pthread_mutex_unlock(&pending_lock);
	return slot;
}

static void pending_remove(int slot)
{
	if (slot < 0)
		return;
	pthread_mutex_lock(&pending_lock);
	pending_used[slot] = 0;
	pthread_mutex_unlock(&pending_lock);
}

void docconv_sink_cleanup_on_signal(void)
{
	for (int i = 0; i < SINK_MAX_PENDING; i++)
		if (pending_used[i])
			unlink(pending[i]);
}

static mode_t umask_value;
static pthread_once_t umask_once = PTHREAD_ONCE_INIT;

static void read_umask(void)
{
	umask_value = umask(022);
	umask(umask_value);
}

/* The mode a new file gets: what open(..., 0666) would give. */
static mode_t new_file_mode(void)
{
	pthread_once(&umask_once, read_umask);
	return 0666 & ~umask_value;
}

static docconv_sink *sink_new(docconv_sink_kind kind)
{
	docconv_sink *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->kind = kind;
	s->fd = -1;
	s->slot = -1;
	docconv_buf_init(&s->buf);
	return s;
}

static void sink_free(docconv_sink *s)
{
	if (s->close_fd && s->fd >= 0)
		close(s->fd);
	pending_remove(s->slot);
	docconv_buf_free(&s->buf);
	free(s->path);
	free(s->target);
	free(s->tmp);
	free(s);
}

docconv_status docconv_sink_open_memory(docconv_sink **out)
{
	*out = sink_new(DOCCONV_SINK_MEMORY);
	return *out ? DOCCONV_OK : DOCCONV_ERR_NOMEM;
}

static int is_special_tree(const char *path)
{
	return strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0;
}

/* The descriptor a path names that the program already holds, or -1.
 * Opening /dev/stdout anew would give a regular file a new offset at 0 and
 * no O_APPEND: `>> log` would lose the start of the log. */
static int inherited_fd(const char *path)
{
	static const char *const fd_dirs[] = { "/dev/fd/", "/proc/self/fd/" };
	if (strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0)
		return STDOUT_FILENO;
	if (strcmp(path, "/dev/stderr") == 0)
		return STDERR_FILENO;
	for (size_t i = 0; i < sizeof fd_dirs / sizeof *fd_dirs; i++) {
		size_t n = strlen(fd_dirs[i]);
		char *end;
		if (strncmp(path, fd_dirs[i], n) != 0 || path[n] < '0' || path[n] > '9')
			continue;
		long fd = strtol(path + n, &end, 10);
		if (*end == '\0' && fd <= INT_MAX && fcntl((int)fd, F_GETFD) != -1)
			return (int)fd;
	}
	return -1;
}

int docconv_sink_is_in_place(const char *path)
{
	struct stat sb;
	return inherited_fd(path) >= 0 || is_special_tree(path) ||
	       (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode));
}

/* Opens the temporary file beside `target`: ".NAME.XXXXXX" in the same
 * folder, so the final rename stays on one file system. */
static docconv_status open_atomic(docconv_sink *s, docconv_diag *d)
{
	const char *slash = strrchr(s->target, '/');
	size_t dir_len = slash ? (size_t)(slash - s->target) + 1 : 0;
	const char *base = slash ? slash + 1 : s->target;
	size_t n = dir_len + strlen(base) + 16;
	if (!(s->tmp = malloc(n)))
		return DOCCONV_ERR_NOMEM;
	snprintf(s->tmp, n, "%.*s.%s.XXXXXX", (int)dir_len, s->target, base);
	int fd = mkostemp(s->tmp, O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		free(s->tmp);
		s->tmp = NULL;
		return docconv_fail(d, DOCCONV_ERR_WRITE,
		                    "cannot create %s: %s", s->path, strerror(e));
	}
	s->fd = fd;
	s->close_fd = 1;
	s->slot = pending_add(s->tmp);
	return DOCCONV_OK;
}

docconv_status docconv_sink_open_path(docconv_sink **out, const char *path,
                                      docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	docconv_sink *s = NULL;
	struct stat sb;
	*out = NULL;

	int fd = inherited_fd(path);
	if (fd >= 0) {
		if (!(s = sink_new(DOCCONV_SINK_IN_PLACE)))
			return DOCCONV_ERR_NOMEM;
		s->fd = fd;
		if (!(s->path = docconv_strdup(strcmp(path, "-") == 0 ? "standard output"
		                                               : path)))
			st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	if (!(s = sink_new(DOCCONV_SINK_ATOMIC_FILE)) || !(s->path = docconv_strdup(path))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	int exists = stat(path, &sb) == 0;
	if (is_special_tree(path) || (exists && !S_ISREG(sb.st_mode))) {
		if (exists && S_ISDIR(sb.st_mode)) {
			st = docconv_fail(d, DOCCONV_ERR_WRITE,
			                  "cannot write %s: it is a directory", path);
			goto out;
		}
		s->kind = DOCCONV_SINK_IN_PLACE;
		s->fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
		if (s->fd < 0) {
			st = docconv_fail(d, DOCCONV_ERR_WRITE, "cannot open %s: %s",
			                  path, strerror(errno));
			goto out;
		}
		s->close_fd = 1;
		goto out;
	}
	/* A regular file, or nothing yet: replace the file a link points to,
	 * so the link survives. */
	if (exists) {
		char *real = realpath(path, NULL);
		s->target = real ? real : docconv_strdup(path);
		s->mode = sb.st_mode & 07777;
	} else {
		s->target = docconv_strdup(path);
		s->mode = new_file_mode();
	}
	if (!s->target) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	st = open_atomic(s, d);
out:
	if (st != DOCCONV_OK && s) {
		sink_free(s);
		s = NULL;
	}
	*out = s;
	return st;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int flush(docconv_sink *s)
{
	if (s->kind == DOCCONV_SINK_MEMORY || s->err || s->buf.len == 0)
		return s->err;
	s->err = write_all(s->fd, s->buf.data, s->buf.len);
	s->buf.len = 0;
	return s->err;
}

docconv_status docconv_sink_write(docconv_sink *s, const void *p, size_t n)
{
	if (s->err)
		return DOCCONV_ERR_WRITE;
	if (s->kind != DOCCONV_SINK_MEMORY && s->buf.len + n > SINK_BUFFER_SIZE) {
		if (flush(s))
			return DOCCONV_ERR_WRITE;
		if (n > SINK_BUFFER_SIZE) {
			s->err = write_all(s->fd, p, n);
			return s->err ? DOCCONV_ERR_WRITE : DOCCONV_OK;
		}
	}
	if (docconv_buf_put(&s->buf, p, n)) {
		s->err = ENOMEM;
		return DOCCONV_ERR_NOMEM;
	}
	return DOCCONV_OK;
}

docconv_status docconv_sink_puts(docconv_sink *s, const char *str)
{
	return docconv_sink_write(s, str, strlen(str));
}

const unsigned char *docconv_sink_data(const docconv_sink *s, size_t *len)
{
	*len = s->buf.len;
	return (const unsigned char *)(s->buf.data ? s->buf.data : "");
}

unsigned char *docconv_sink_take(docconv_sink *s, size_t *len)
{
	return (unsigned char *)docconv_buf_detach(&s->buf, len);
}

static docconv_status report_error(const docconv_sink *s, docconv_diag *d)
{
	return docconv_fail(d, DOCCONV_ERR_WRITE, "cannot write %s: %s", s->path,
	                    strerror(s->err));
}

docconv_status docconv_sink_close(docconv_sink *s, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	if (!s)
		return DOCCONV_OK;
	if (s->kind == DOCCONV_SINK_MEMORY) {
		if (s->err)
			st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	flush(s);
	if (!s->err && s->kind == DOCCONV_SINK_ATOMIC_FILE &&
	    fchmod(s->fd, s->mode) != 0)
		s->err = errno;
	if (s->close_fd) {
		if (close(s->fd) != 0 && !s->err && errno != EINTR)
			s->err = errno;
		s->fd = -1;
	}
	if (!s->err && s->kind == DOCCONV_SINK_ATOMIC_FILE &&
	    rename(s->tmp, s->target) != 0)
		s->err = errno;
	if (s->err) {
		st = report_error(s, d);
		if (s->tmp)
			unlink(s->tmp);
	}
out:
	sink_free(s);
	return st;
}

void docconv_sink_discard(docconv_sink *s)
{
	if (!s)
		return;
	if (s->close_fd && s->fd >= 0) {
		close(s->fd);
		s->fd = -1;
	}
	if (s->kind == DOCCONV_SINK_ATOMIC_FILE && s->tmp)
		unlink(s->tmp);
	sink_free(s);
}

void docconv_sink_abandon(docconv_sink *s, docconv_diag *d)
{
	if (s && s->err && s->kind != DOCCONV_SINK_MEMORY)
		report_error(s, d);
	docconv_sink_discard(s);
}
