/* sink.c — atomic files, in-place outputs and memory buffers.
 *
 * A file sink holds a descriptor of its folder and does everything there
 * with the *at calls. Its temporary file is unnamed (O_TMPFILE) where the
 * file system allows, else named and locked; a name, whenever one is made
 * for a temporary file, is registered first, so that the handler of a
 * signal that ends the process removes it (docconv_sink_cleanup_on_signal),
 * and made inside a "naming section" that the handler waits for, so that
 * no thread makes a name after the handler looked.
 */
#include "sink.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mem.h"
#include "text.h"

/* Bytes buffered before a write(2); large enough that an article is one or
 * two system calls. */
#define SINK_BUFFER_SIZE (64 * 1024)
/* Temporary names that can exist at once (one per batch worker, one for a
 * zip or a book); the signal handler removes them. */
#define SINK_MAX_PENDING 256
/* What marks a temporary file as docconv's: `.NAME` + this + random
 * letters. A later run removes those nobody holds a lock on. */
#define TEMP_TAG ".docconv-"
#define TEMP_RANDOM 6
/* Names tried before giving up on making a temporary file: a clash is one
 * chance in 62^6; many in a row mean something else is wrong. */
#define TEMP_ATTEMPTS 64
/* How long the signal handler waits for other threads to finish making a
 * name (a linkat or an openat: microseconds), in milliseconds. A thread
 * stuck longer (a hung network file system) is not waited for. */
#define SIGNAL_WAIT_MS 500

struct docconv_sink {
	docconv_sink_kind kind;
	int fd;
	int close_fd;          /* 0 for standard output */
	int err;               /* first errno seen, 0 if none */
	unsigned flags;        /* DOCCONV_SINK_* */
	char *path;            /* for messages */
	int dir;               /* atomic files: the folder (our own descriptor) */
	char *name;            /* atomic files: the output's name in dir */
	char *tmp;             /* the temporary file's name in dir, NULL while
	                          it has none (O_TMPFILE) */
	int slot;              /* tmp's index in the pending table, -1 if none */
	mode_t mode;           /* mode for the committed file */
	docconv_buf buf;
};

/* --- names the signal handler removes --------------------------------- */

/* The temporary names of open sinks, by folder. Entries are written under
 * the mutex; the handler only reads them. */
static struct {
	int dir;
	char name[NAME_MAX + 1];
} pending[SINK_MAX_PENDING];
static volatile sig_atomic_t pending_used[SINK_MAX_PENDING];
static pthread_mutex_t pending_lock = PTHREAD_MUTEX_INITIALIZER;

/* Threads inside a naming section; set once the process is dying. */
static atomic_int naming;
static volatile sig_atomic_t dying;
static _Thread_local volatile sig_atomic_t naming_here;

static int pending_add(int dir, const char *name)
{
	int slot = -1;
	pthread_mutex_lock(&pending_lock);
	for (int i = 0; i < SINK_MAX_PENDING; i++)
		if (!pending_used[i]) {
			pending[i].dir = dir;
			snprintf(pending[i].name, sizeof pending[i].name, "%s", name);
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

/* A section in which this thread may make a temporary name; -1 (and no
 * section) when the process is dying. */
static int naming_enter(void)
{
	atomic_fetch_add(&naming, 1);
	naming_here = 1;
	if (dying) {
		naming_here = 0;
		atomic_fetch_sub(&naming, 1);
		errno = EINTR;
		return -1;
	}
	return 0;
}

static void naming_leave(void)
{
	naming_here = 0;
	atomic_fetch_sub(&naming, 1);
}

void docconv_sink_cleanup_on_signal(void)
{
	struct timespec ms = { 0, 1000000 };
	dying = 1;
	/* A thread in a section has registered its name, or will see `dying`
	 * and make none; the thread running this handler may be in one
	 * itself, stopped for good. */
	for (int i = 0; i < SIGNAL_WAIT_MS &&
	                atomic_load(&naming) > (int)naming_here; i++)
		nanosleep(&ms, NULL);
	for (int i = 0; i < SINK_MAX_PENDING; i++)
		if (pending_used[i])
			unlinkat(pending[i].dir, pending[i].name, 0);
}

/* --- temporary files -------------------------------------------------- */

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

/* An unnamed file gets its name through /proc/self/fd (linkat with
 * AT_EMPTY_PATH needs a privilege); without /proc, named files it is. */
static int proc_fd_usable;
static pthread_once_t proc_once = PTHREAD_ONCE_INIT;

static void check_proc(void)
{
	proc_fd_usable = access("/proc/self/fd", X_OK) == 0;
}

static void proc_fd_path(int fd, char out[32])
{
	snprintf(out, 32, "/proc/self/fd/%d", fd);
}

/* `.NAME.docconv-XXXXXX` for the output `name`, its part of NAME cut (at
 * a character) so the whole stays one file name. */
static void temp_name(const char *name, char out[NAME_MAX + 1])
{
	static const char letters[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static atomic_uint counter;
	unsigned char r[TEMP_RANDOM];
	size_t room = NAME_MAX - 1 - (sizeof TEMP_TAG - 1) - TEMP_RANDOM;
	size_t n = strlen(name);
	if (n > room) {
		n = room;
		while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80)
			n--;
	}
	if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
		/* No entropy yet (early boot): distinct enough with O_EXCL. */
		unsigned v = atomic_fetch_add(&counter, 1) * 2654435761u ^
		             (unsigned)getpid() ^ (unsigned)time(NULL);
		for (size_t i = 0; i < sizeof r; i++, v = v * 1103515245u + 12345u)
			r[i] = (unsigned char)(v >> 16);
	}
	int at = snprintf(out, NAME_MAX + 1, ".%.*s" TEMP_TAG, (int)n, name);
	for (size_t i = 0; i < TEMP_RANDOM; i++)
		out[at + (int)i] = letters[r[i] % (sizeof letters - 1)];
	out[at + TEMP_RANDOM] = '\0';
}

/* Whether `name` has the shape temp_name gives. */
static int is_temp_name(const char *name)
{
	size_t n = strlen(name), tag = sizeof TEMP_TAG - 1;
	if (name[0] != '.' || n < 2 + tag + TEMP_RANDOM ||
	    memcmp(name + n - TEMP_RANDOM - tag, TEMP_TAG, tag) != 0)
		return 0;
	for (size_t i = n - TEMP_RANDOM; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		      (name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= '0' && name[i] <= '9')))
			return 0;
	return 1;
}

/* A write lock on the whole file, held by this open file description
 * until it is closed: what tells a live temporary file from a stale one.
 * 0, or the errno. */
static int lock_file(int fd)
{
	struct flock fl;
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	return fcntl(fd, F_OFD_SETLK, &fl) == 0 ? 0 : errno;
}

/* Whether `name` in `dir` is the file open as `fd`. */
static int still_named(int dir, const char *name, int fd)
{
	struct stat a, b;
	return fstat(fd, &a) == 0 && fstatat(dir, name, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

size_t docconv_sink_remove_stale(int dir)
{
	size_t removed = 0;
	int fd = fcntl(dir, F_DUPFD_CLOEXEC, 0);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		struct stat sb;
		/* Only regular files are opened: a device or a FIFO of that
		 * name is not ours, and opening it could do something. */
		if (!is_temp_name(de->d_name) ||
		    fstatat(dir, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(sb.st_mode))
			continue;
		int t = openat(dir, de->d_name, O_RDWR | O_NOFOLLOW | O_NONBLOCK |
		                                O_NOCTTY | O_CLOEXEC);
		if (t < 0)
			continue;
		/* Locked by us now, so its writer is gone; and still the file
		 * of that name, so no one else removed it and made another. */
		if (fstat(t, &sb) == 0 && S_ISREG(sb.st_mode) && lock_file(t) == 0 &&
		    still_named(dir, de->d_name, t) &&
		    unlinkat(dir, de->d_name, 0) == 0)
			removed++;
		close(t);
	}
	closedir(d);
	return removed;
}

/* Makes a name for the open, unnamed file of `s` (a link to it) or, when
 * s->fd is -1, a new named file; s->tmp and s->slot then hold it. 0, or
 * the errno. */
static int make_temp_name(docconv_sink *s)
{
	char tmp[NAME_MAX + 1], proc[32];
	int err = EEXIST;
	if (s->fd >= 0)
		proc_fd_path(s->fd, proc);
	for (int attempt = 0; attempt < TEMP_ATTEMPTS && err == EEXIST; attempt++) {
		temp_name(s->name, tmp);
		if (naming_enter() != 0)
			return EINTR;
		int slot = pending_add(s->dir, tmp), fd = s->fd, made;
		if (fd >= 0) {
			made = linkat(AT_FDCWD, proc, s->dir, tmp, AT_SYMLINK_FOLLOW) == 0;
		} else {
			fd = openat(s->dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
			                         O_NOCTTY | O_CLOEXEC, 0600);
			made = fd >= 0;
		}
		err = made ? 0 : errno;
		naming_leave();
		if (made && s->fd < 0) {
			/* A later run's clean-up may have taken it in the moment
			 * before the lock: then try another name. */
			int locked = lock_file(fd);
			if (locked == EAGAIN || !still_named(s->dir, tmp, fd)) {
				close(fd);
				pending_remove(slot);
				err = EEXIST;
				continue;
			}
			s->fd = fd;
		}
		if (made && !(s->tmp = docconv_strdup(tmp))) {
			unlinkat(s->dir, tmp, 0);
			err = ENOMEM;
		} else if (made) {
			s->slot = slot;
			break;
		}
		pending_remove(slot);
	}
	return err;
}

/* Opens the temporary file of an atomic sink: 0, or the errno. */
static int open_temp(docconv_sink *s)
{
	pthread_once(&proc_once, check_proc);
	if (proc_fd_usable && !(s->flags & DOCCONV_SINK_NAMED)) {
		s->fd = openat(s->dir, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
		if (s->fd >= 0) {
			s->close_fd = 1;
			lock_file(s->fd);
			return 0;
		}
		/* EOPNOTSUPP and the like: the file system has no unnamed
		 * files, so a named one it is. */
		int err = errno;
		if (err != EOPNOTSUPP && err != EISDIR && err != EINVAL)
			return err;
	}
	s->fd = -1;
	int err = make_temp_name(s);
	s->close_fd = err == 0;
	return err;
}

/* Puts the finished temporary file in place under its name: 0, or the
 * errno (EEXIST: the name exists and may not be replaced). */
static int publish(docconv_sink *s)
{
	char proc[32];
	int replace = (s->flags & DOCCONV_SINK_REPLACE) != 0;
	if (!s->tmp && !replace) {
		proc_fd_path(s->fd, proc);
		return linkat(AT_FDCWD, proc, s->dir, s->name, AT_SYMLINK_FOLLOW) == 0
		               ? 0 : errno;
	}
	if (!s->tmp) {
		/* No rename over a file from an unnamed one: it gets a name
		 * first. */
		int e = make_temp_name(s);
		if (e)
			return e;
	}
	if (replace) {
		if (renameat(s->dir, s->tmp, s->dir, s->name) != 0)
			return errno;
	} else if (renameat2(s->dir, s->tmp, s->dir, s->name, RENAME_NOREPLACE) != 0) {
		if (errno != EINVAL && errno != ENOSYS)
			return errno;
		/* A file system without the flag: a link fails as well when
		 * the name exists. */
		if (linkat(s->dir, s->tmp, s->dir, s->name, 0) != 0)
			return errno;
		unlinkat(s->dir, s->tmp, 0);
	}
	free(s->tmp);
	s->tmp = NULL;
	pending_remove(s->slot);
	s->slot = -1;
	return 0;
}

/* --- opening ---------------------------------------------------------- */

static docconv_sink *sink_new(docconv_sink_kind kind)
{
	docconv_sink *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->kind = kind;
	s->fd = -1;
	s->dir = -1;
	s->slot = -1;
	docconv_buf_init(&s->buf);
	return s;
}

/* Frees the sink; a temporary file still named is removed. */
static void sink_free(docconv_sink *s)
{
	if (s->tmp)
		unlinkat(s->dir, s->tmp, 0);
	pending_remove(s->slot);
	if (s->close_fd && s->fd >= 0)
		close(s->fd);
	if (s->dir >= 0)
		close(s->dir);
	docconv_buf_free(&s->buf);
	free(s->path);
	free(s->name);
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

/* Opens the atomic file `name` in the folder `dir`, which s then owns: 0,
 * or the errno. */
static int open_atomic(docconv_sink *s, int dir, const char *name)
{
	struct stat sb;
	s->dir = dir;
	if (!(s->name = docconv_strdup(name)))
		return ENOMEM;
	/* A file replaced keeps its mode. */
	if (fstatat(dir, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode))
		s->mode = sb.st_mode & 07777;
	else
		s->mode = new_file_mode();
	return open_temp(s);
}

static docconv_status cannot_create(const char *what, int err, docconv_diag *d)
{
	if (err == ENOMEM)
		return DOCCONV_ERR_NOMEM;
	return docconv_fail(d, DOCCONV_ERR_WRITE, "cannot create %s: %s", what,
	                    strerror(err));
}

docconv_status docconv_sink_open_at(docconv_sink **out, int dir,
                                    const char *name, const char *display,
                                    unsigned flags, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	docconv_sink *s = sink_new(DOCCONV_SINK_ATOMIC_FILE);
	*out = NULL;
	if (!s || !(s->path = docconv_strdup(display))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	s->flags = flags;
	int own = fcntl(dir, F_DUPFD_CLOEXEC, 0);
	int err = own < 0 ? errno : open_atomic(s, own, name);
	if (err)
		st = cannot_create(display, err, d);
out:
	if (st != DOCCONV_OK && s) {
		sink_free(s);
		s = NULL;
	}
	*out = s;
	return st;
}

/* The folder part of `path` opened (following links: the user named it),
 * and the name in it. */
static docconv_status open_parent_of(const char *path, int *dir,
                                     const char **leaf, const char *display,
                                     docconv_diag *d)
{
	const char *slash = strrchr(path, '/');
	char *folder = NULL;
	docconv_status st = DOCCONV_OK;
	*leaf = slash ? slash + 1 : path;
	if (!slash)
		folder = docconv_strdup(".");
	else
		folder = docconv_strndup(path, slash == path ? 1 : (size_t)(slash - path));
	if (!folder)
		return DOCCONV_ERR_NOMEM;
	if ((*dir = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		st = docconv_fail(d, DOCCONV_ERR_WRITE, "cannot write %s: %s",
		                  display, strerror(errno));
	free(folder);
	return st;
}

docconv_status docconv_sink_open_path(docconv_sink **out, const char *path,
                                      unsigned flags, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	docconv_sink *s = NULL;
	char *real = NULL;
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
	s->flags = flags;
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
	if (exists && !(real = realpath(path, NULL)) && errno == ENOMEM) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	int dir;
	const char *leaf;
	if ((st = open_parent_of(real ? real : path, &dir, &leaf, path, d)) !=
	    DOCCONV_OK)
		goto out;
	docconv_sink_remove_stale(dir);
	int err = open_atomic(s, dir, leaf);
	if (err)
		st = cannot_create(path, err, d);
out:
	free(real);
	if (st != DOCCONV_OK && s) {
		sink_free(s);
		s = NULL;
	}
	*out = s;
	return st;
}

docconv_status docconv_sink_check_folder(int dir, const char *display,
                                         docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	docconv_sink *s = sink_new(DOCCONV_SINK_ATOMIC_FILE);
	int own = -1, err;
	if (!s)
		return DOCCONV_ERR_NOMEM;
	if ((own = fcntl(dir, F_DUPFD_CLOEXEC, 0)) < 0)
		err = errno;
	else
		err = open_atomic(s, own, "check");
	if (err == ENOMEM)
		st = DOCCONV_ERR_NOMEM;
	else if (err)
		st = docconv_fail(d, DOCCONV_ERR_WRITE,
		                  "cannot write into the folder %s: %s", display,
		                  strerror(err));
	sink_free(s);
	return st;
}

/* --- writing ---------------------------------------------------------- */

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

int docconv_sink_failed(const docconv_sink *s)
{
	return s && s->err != 0;
}

/* --- finishing -------------------------------------------------------- */

static docconv_status report_error(const docconv_sink *s, docconv_diag *d)
{
	if (s->err == EEXIST && s->kind == DOCCONV_SINK_ATOMIC_FILE)
		return docconv_fail(d, DOCCONV_ERR_WRITE,
		                    "%s exists; use --force to overwrite it",
		                    s->path);
	return docconv_fail(d, DOCCONV_ERR_WRITE, "cannot write %s: %s", s->path,
	                    strerror(s->err));
}

/* Flushes, then publishes an atomic file: s->err says how it went. A named
 * temporary file is synced first (a network file system reports a failed
 * write at close, which would come after the file is in place). */
static void commit(docconv_sink *s)
{
	flush(s);
	if (s->kind != DOCCONV_SINK_ATOMIC_FILE) {
		if (s->close_fd && close(s->fd) != 0 && !s->err && errno != EINTR)
			s->err = errno;
		s->fd = -1;
		return;
	}
	if (!s->err && fchmod(s->fd, s->mode) != 0)
		s->err = errno;
	if (!s->err && s->tmp && fsync(s->fd) != 0)
		s->err = errno;
	if (!s->err)
		s->err = publish(s);
	/* Closing drops the lock, after the file has its name. */
	if (close(s->fd) != 0 && !s->err && errno != EINTR)
		s->err = errno;
	s->fd = -1;
}

docconv_status docconv_sink_close_unless_exists(docconv_sink *s, int *existed,
                                                docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	if (existed)
		*existed = 0;
	if (!s)
		return DOCCONV_OK;
	if (s->kind == DOCCONV_SINK_MEMORY) {
		if (s->err)
			st = DOCCONV_ERR_NOMEM;
	} else {
		commit(s);
		if (s->err == EEXIST && existed)
			*existed = 1;
		else if (s->err)
			st = report_error(s, d);
	}
	sink_free(s);
	return st;
}

docconv_status docconv_sink_close(docconv_sink *s, docconv_diag *d)
{
	return docconv_sink_close_unless_exists(s, NULL, d);
}

void docconv_sink_discard(docconv_sink *s)
{
	if (s)
		sink_free(s);
}

void docconv_sink_abandon(docconv_sink *s, docconv_diag *d)
{
	if (s && s->err && s->kind != DOCCONV_SINK_MEMORY)
		report_error(s, d);
	docconv_sink_discard(s);
}
