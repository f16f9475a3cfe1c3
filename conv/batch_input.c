/* batch_input.c — where a batch's articles come from (a zip archive, a
 * folder, a list of files) and reading one article's bytes within the
 * limits. The rules are in batch.h.
 */
#include "batch_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "names.h"
#include "text.h"

/* Bytes asked for per read when the size is not known in advance. */
#define READ_CHUNK (64 * 1024)
/* A name for messages: the source's path, ':' or '/', and the escaped
 * entry name (escaping can make it four times longer). */
#define DISPLAY_MAX (4 * DOCCONV_NAME_MAX + 512)
/* The first bytes of a zip: a local file header, or the end record of an
 * empty archive. */
#define ZIP_MAGIC_LEN 4

/* Room for one more of the n items of `size` bytes at `items`: the array
 * doubles (from `first`) when full. Returns the array, moved or not, or
 * NULL when out of memory (the old one is then kept). */
static void *reserve_one(void *items, size_t n, size_t *cap, size_t size,
                         size_t first)
{
	if (n < *cap)
		return items;
	size_t c = *cap ? 2 * *cap : first;
	void *grown = realloc(items, c * size);
	if (grown)
		*cap = c;
	return grown;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* The name a book made of a source is called by default: the last part of
 * its path, without the trailing slashes and without the ".zip". */
static char *source_title(const char *path, batch_source_kind kind)
{
	char *real = NULL, *t = NULL;
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	char *copy = malloc(n + 1);
	if (!copy)
		return NULL;
	memcpy(copy, path, n);
	copy[n] = '\0';
	const char *base = base_name(copy);
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		/* "." or "dir/..": the folder's own name. */
		if ((real = realpath(copy, NULL)))
			base = base_name(real);
	}
	t = strdup(base);
	if (t && kind == SOURCE_ZIP && docconv_name_has_extension(t, "zip"))
		t[strlen(t) - 4] = '\0';
	free(real);
	free(copy);
	return t;
}

void batch_sources_free(docconv_batch *b)
{
	for (size_t i = 0; i < b->n_sources; i++) {
		if (b->sources[i].dir_fd >= 0)
			close(b->sources[i].dir_fd);
		free(b->sources[i].path);
		free(b->sources[i].title);
	}
	free(b->sources);
	for (size_t i = 0; i < b->n_entries; i++) {
		batch_entry *e = &b->entries[i];
		free(e->rel);
		free(e->zip_name);
		free(e->name);
		free(e->safe);
		free(e->output);
		free(e->refusal);
	}
	free(b->entries);
}

static docconv_status add_source(docconv_batch *b, batch_source_kind kind,
                                 const char *path, size_t *index)
{
	batch_source *sources = reserve_one(b->sources, b->n_sources,
	                                    &b->cap_sources, sizeof *sources, 8);
	if (!sources)
		return DOCCONV_ERR_NOMEM;
	b->sources = sources;
	batch_source *s = &b->sources[b->n_sources];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->dir_fd = -1;
	if (!(s->path = strdup(path)))
		return DOCCONV_ERR_NOMEM;
	if (kind != SOURCE_LIST && !(s->title = source_title(path, kind))) {
		free(s->path);
		return DOCCONV_ERR_NOMEM;
	}
	*index = b->n_sources++;
	return DOCCONV_OK;
}

/* Counts one more entry of any kind, against DOCCONV_BATCH_MAX_ENTRIES. */
static docconv_status count_entry(docconv_batch *b, const char *source,
                                  docconv_diag *d)
{
	if (++b->enumerated <= DOCCONV_BATCH_MAX_ENTRIES)
		return DOCCONV_OK;
	return docconv_fail(d, DOCCONV_ERR_LIMIT,
	                    "%s: more than %u entries in one run; split it "
	                    "with --shard or --files-from", source,
	                    DOCCONV_BATCH_MAX_ENTRIES);
}

/* An entry that is not an article: counted when it falls in this shard. */
static void skip_entry(docconv_batch *b, const char *rel)
{
	if (docconv_batch_in_shard(rel, strlen(rel), b->o.shard_index,
	                           b->o.shard_count))
		b->skipped++;
}

static int is_article(const docconv_batch *b, const char *rel)
{
	if (docconv_name_is_hidden(rel))
		return 0;
	if (docconv_name_has_extension(rel, "txt"))
		return 1;
	for (size_t i = 0; i < b->o.n_includes; i++)
		if (fnmatch(b->o.includes[i], rel, 0) == 0)
			return 1;
	return 0;
}

static docconv_status refuse(batch_entry *e, docconv_status st,
                             const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* Marks an entry as failing before it is read, with the reason. */
static docconv_status refuse(batch_entry *e, docconv_status st,
                             const char *fmt, ...)
{
	char msg[DOCCONV_DIAG_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	free(e->refusal);
	e->refusal_status = st;
	return (e->refusal = strdup(msg)) ? DOCCONV_OK : DOCCONV_ERR_NOMEM;
}

/* Adds an article: `rel` is how the source names it, `naming` the path its
 * output is named after (usually rel). */
static docconv_status add_article(docconv_batch *b, size_t source,
                                  const char *rel, const char *naming,
                                  batch_entry **out)
{
	docconv_status st = DOCCONV_OK;
	const batch_source *s = &b->sources[source];
	char display[DISPLAY_MAX], safe[DOCCONV_NAME_MAX + 1];
	*out = NULL;
	batch_entry *entries = reserve_one(b->entries, b->n_entries,
	                                   &b->cap_entries, sizeof *entries, 256);
	if (!entries)
		return DOCCONV_ERR_NOMEM;
	b->entries = entries;
	batch_entry *e = &b->entries[b->n_entries];
	memset(e, 0, sizeof *e);
	e->source = source;
	e->order = b->n_entries;
	size_t pre = 0;
	if (s->kind != SOURCE_LIST) {
		size_t plen = strlen(s->path);
		while (plen > 1 && s->path[plen - 1] == '/')
			plen--;
		pre = (size_t)snprintf(display, DISPLAY_MAX / 2, "%.*s%c",
		                       (int)plen, s->path,
		                       s->kind == SOURCE_ZIP ? ':' : '/');
		if (pre >= DISPLAY_MAX / 2)
			pre = DISPLAY_MAX / 2 - 1;
	}
	docconv_name_escape(rel, strlen(rel), display + pre, DISPLAY_MAX - pre);
	unsigned changes;
	const char *why;
	int named = docconv_name_sanitize(naming, strlen(naming), safe, sizeof safe,
	                                  &changes, &why) == DOCCONV_OK;
	if (!(e->rel = strdup(rel)) || !(e->name = strdup(display)) ||
	    (named && !(e->safe = strdup(safe)))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	b->n_entries++;
	*out = e;
	if (!named)
		st = refuse(e, DOCCONV_ERR_INPUT, "unsafe name: %s", why);
out:
	if (!*out) {
		free(e->rel);
		free(e->name);
		free(e->safe);
	}
	return st;
}

static int by_natural_order(const void *pa, const void *pb)
{
	const batch_entry *a = pa, *b = pb;
	int c = docconv_name_natural_cmp(a->rel, b->rel);
	if (c)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

static void sort_entries(docconv_batch *b, size_t first)
{
	if (b->n_entries > first)
		qsort(b->entries + first, b->n_entries - first, sizeof *b->entries,
		      by_natural_order);
}

/* --- zip archives ----------------------------------------------------- */

/* An entry's name as UTF-8: as it is when it is UTF-8, flagged so or not;
 * else GB18030, which Chinese Windows archivers write without saying so;
 * else the bytes as they are, which the sanitiser turns into '_'. (libzip's
 * own guess, CP437, would turn both a GBK name and a control character into
 * line-drawing symbols.) */
static char *entry_name_utf8(const char *raw)
{
	size_t n = strlen(raw);
	char *out = NULL;
	if (docconv_utf8_valid(raw, n, NULL))
		return strdup(raw);
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return strdup(raw);
	/* A GB18030 character of k bytes is at most k + 2 bytes of UTF-8. */
	size_t cap = 3 * n + 1;
	if ((out = malloc(cap))) {
		char *in = (char *)raw, *o = out;
		size_t in_left = n, out_left = cap - 1;
		if (iconv(cd, &in, &in_left, &o, &out_left) == (size_t)-1 ||
		    in_left != 0) {
			free(out);
			out = strdup(raw);
		} else {
			*o = '\0';
		}
	}
	iconv_close(cd);
	return out;
}

static docconv_status zip_error_status(int code, const char **text)
{
	static const char *const nozip = "not a zip archive, or a truncated one";
	static const char *const damaged = "the zip archive is damaged or truncated";
	*text = NULL;
	switch (code) {
	case ZIP_ER_NOZIP:
		*text = nozip;
		return DOCCONV_ERR_INPUT;
	case ZIP_ER_INCONS:
		*text = damaged;
		return DOCCONV_ERR_INPUT;
	case ZIP_ER_MEMORY:
		return DOCCONV_ERR_NOMEM;
	default:
		return DOCCONV_ERR_READ;
	}
}

static docconv_status zip_open_failed(int code, docconv_diag *d)
{
	const char *text;
	docconv_status st = zip_error_status(code, &text);
	if (text)
		return docconv_fail(d, st, "%s", text);
	zip_error_t ze;
	zip_error_init_with_code(&ze, code);
	st = docconv_fail(d, st, "cannot open the archive: %s",
	                  zip_error_strerror(&ze));
	zip_error_fini(&ze);
	return st;
}

/* The header checks: each entry is judged before anything is inflated. */
static docconv_status check_zip_entry(docconv_batch *b, zip_t *za,
                                      const zip_stat_t *zs, batch_entry *e)
{
	zip_uint8_t opsys;
	zip_uint32_t attr;
	if (zip_file_get_external_attributes(za, zs->index, 0, &opsys, &attr) == 0 &&
	    opsys == ZIP_OPSYS_UNIX && S_ISLNK((mode_t)(attr >> 16)))
		return refuse(e, DOCCONV_ERR_INPUT,
		              "a symbolic link in the archive: not followed");
	if ((zs->valid & ZIP_STAT_ENCRYPTION_METHOD) &&
	    zs->encryption_method != ZIP_EM_NONE)
		return refuse(e, DOCCONV_ERR_INPUT,
		              "encrypted: skipped (docconv does not decrypt "
		              "archives)");
	if (!(zs->valid & ZIP_STAT_SIZE) || !(zs->valid & ZIP_STAT_COMP_SIZE))
		return refuse(e, DOCCONV_ERR_INPUT, "the entry's sizes are unknown");
	if (zs->size > DOCCONV_BATCH_RATIO_FLOOR &&
	    zs->size / b->o.max_ratio > zs->comp_size)
		return refuse(e, DOCCONV_ERR_LIMIT,
		              "compressed %llu:1, over the limit of %u:1 "
		              "(--max-ratio); a zip bomb?",
		              (unsigned long long)(zs->comp_size
		                                   ? zs->size / zs->comp_size
		                                   : zs->size),
		              b->o.max_ratio);
	if (zs->size > b->o.max_entry_size)
		return refuse(e, DOCCONV_ERR_LIMIT,
		              "%llu bytes uncompressed, over the limit of %llu "
		              "bytes for one entry (--max-entry-size)",
		              (unsigned long long)zs->size,
		              (unsigned long long)b->o.max_entry_size);
	return DOCCONV_OK;
}

static docconv_status add_zip(docconv_batch *b, const char *path,
                              docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	int code = 0;
	size_t source, first = b->n_entries;
	char *name = NULL;
	/* The consistency checks refuse an archive with two equal names as a
	 * whole; such archives exist (appended to by careless tools), and
	 * their entries get "~2" suffixes here, so open them without. */
	zip_t *za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &code);
	if (!za && code == ZIP_ER_EXISTS)
		za = zip_open(path, ZIP_RDONLY, &code);
	if (!za) {
		st = zip_open_failed(code, d);
		goto out;
	}
	if ((st = add_source(b, SOURCE_ZIP, path, &source)) != DOCCONV_OK)
		goto out;
	zip_int64_t count = zip_get_num_entries(za, 0);
	for (zip_int64_t i = 0; i < count && st == DOCCONV_OK; i++) {
		zip_stat_t zs;
		zip_stat_init(&zs);
		if (zip_stat_index(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW, &zs) != 0 ||
		    !(zs.valid & ZIP_STAT_NAME)) {
			st = docconv_fail(d, DOCCONV_ERR_INPUT,
			                  "entry %lld cannot be read: %s", (long long)i,
			                  zip_strerror(za));
			break;
		}
		size_t len = strlen(zs.name);
		if (len && (zs.name[len - 1] == '/' || zs.name[len - 1] == '\\'))
			continue;   /* a folder: its files speak for it */
		if ((st = count_entry(b, path, d)) != DOCCONV_OK)
			break;
		free(name);
		if (!(name = entry_name_utf8(zs.name))) {
			st = DOCCONV_ERR_NOMEM;
			break;
		}
		if (!is_article(b, name)) {
			skip_entry(b, name);
			continue;
		}
		batch_entry *e;
		if ((st = add_article(b, source, name, name, &e)) != DOCCONV_OK)
			break;
		if (!(e->zip_name = strdup(zs.name))) {
			st = DOCCONV_ERR_NOMEM;
			break;
		}
		e->zip_index = zs.index;
		e->size = zs.size;
		e->mtime = (zs.valid & ZIP_STAT_MTIME) ? (int64_t)zs.mtime : 0;
		if (!e->refusal)
			st = check_zip_entry(b, za, &zs, e);
	}
	sort_entries(b, first);
out:
	free(name);
	if (za)
		zip_discard(za);
	return st;
}

/* --- folders ---------------------------------------------------------- */

/* Walks one folder level: `dfd` is open on the folder `rel` names (empty
 * for the root). Symbolic links are never followed, to files or folders. */
static docconv_status walk(docconv_batch *b, size_t source, int dfd,
                           docconv_buf *rel, unsigned depth, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	DIR *dir = NULL;
	int child = -1;
	if (depth > DOCCONV_BATCH_MAX_DEPTH) {
		st = docconv_fail(d, DOCCONV_ERR_LIMIT,
		                  "%s: folders nested more than %u deep",
		                  rel->data, DOCCONV_BATCH_MAX_DEPTH);
		close(dfd);
		goto out;
	}
	if (!(dir = fdopendir(dfd))) {
		st = docconv_fail(d, DOCCONV_ERR_READ, "cannot list %s: %s",
		                  rel->len ? rel->data : ".", strerror(errno));
		close(dfd);
		goto out;
	}
	size_t at = rel->len;
	struct dirent *de;
	while (st == DOCCONV_OK && (errno = 0, de = readdir(dir))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		rel->len = at;
		if ((at && docconv_buf_putc(rel, '/')) ||
		    docconv_buf_puts(rel, de->d_name)) {
			st = DOCCONV_ERR_NOMEM;
			break;
		}
		if ((st = count_entry(b, b->sources[source].path, d)) != DOCCONV_OK)
			break;
		struct stat sb;
		if (fstatat(dirfd(dir), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
			st = docconv_fail(d, DOCCONV_ERR_READ, "cannot read %s: %s",
			                  rel->data, strerror(errno));
			break;
		}
		if (S_ISDIR(sb.st_mode) && !docconv_name_is_hidden(rel->data)) {
			child = openat(dirfd(dir), de->d_name,
			               O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (child < 0) {
				st = docconv_fail(d, DOCCONV_ERR_READ, "cannot open %s: %s",
				                  rel->data, strerror(errno));
				break;
			}
			st = walk(b, source, child, rel, depth + 1, d);
			child = -1;   /* walk owns it */
		} else if (S_ISREG(sb.st_mode) && is_article(b, rel->data)) {
			batch_entry *e;
			if ((st = add_article(b, source, rel->data, rel->data, &e)) ==
			    DOCCONV_OK) {
				e->size = (uint64_t)sb.st_size;
				e->mtime = (int64_t)sb.st_mtime;
			}
		} else {
			skip_entry(b, rel->data);
		}
	}
	if (st == DOCCONV_OK && errno)
		st = docconv_fail(d, DOCCONV_ERR_READ, "cannot list %s: %s",
		                  at ? rel->data : ".", strerror(errno));
	rel->len = at;
	if (rel->data)
		rel->data[at] = '\0';
out:
	if (dir)
		closedir(dir);
	return st;
}

static docconv_status add_folder(docconv_batch *b, const char *path,
                                 docconv_diag *d)
{
	docconv_status st;
	size_t source, first = b->n_entries;
	int fd = -1;
	docconv_buf rel;
	docconv_buf_init(&rel);
	if ((st = add_source(b, SOURCE_FOLDER, path, &source)) != DOCCONV_OK)
		goto out;
	/* The root itself was named by the user: a link to it is followed. */
	if ((b->sources[source].dir_fd =
	         open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    (fd = dup(b->sources[source].dir_fd)) < 0) {
		st = docconv_fail(d, DOCCONV_ERR_READ, "cannot open the folder: %s",
		                  strerror(errno));
		goto out;
	}
	if (docconv_buf_reserve(&rel, 256)) {
		st = DOCCONV_ERR_NOMEM;
		close(fd);
		goto out;
	}
	rel.data[0] = '\0';
	st = walk(b, source, fd, &rel, 0, d);
	sort_entries(b, first);
out:
	docconv_buf_free(&rel);
	return st;
}

/* --- lists ------------------------------------------------------------ */

/* Whether a listed path would not stay under the output folder as it is:
 * absolute, or with a ".." part. */
static int path_leaves_folder(const char *p)
{
	if (p[0] == '/')
		return 1;
	for (const char *s = p; (s = strstr(s, "..")); s += 2)
		if ((s == p || s[-1] == '/') && (s[2] == '\0' || s[2] == '/'))
			return 1;
	return 0;
}

static docconv_status add_listed_file(docconv_batch *b, size_t source,
                                      const char *path, docconv_diag *d)
{
	docconv_status st;
	batch_entry *e;
	struct stat sb;
	if ((st = count_entry(b, path, d)) != DOCCONV_OK)
		return st;
	const char *naming = path_leaves_folder(path) ? base_name(path) : path;
	if ((st = add_article(b, source, path, naming, &e)) != DOCCONV_OK ||
	    e->refusal)
		return st;
	if (stat(path, &sb) != 0)
		return refuse(e, DOCCONV_ERR_READ, "cannot open: %s", strerror(errno));
	if (S_ISDIR(sb.st_mode))
		return refuse(e, DOCCONV_ERR_READ,
		              "is a folder; give it as an input, not in a list");
	e->size = (uint64_t)sb.st_size;
	e->mtime = (int64_t)sb.st_mtime;
	return DOCCONV_OK;
}

/* The list source that files named on the command line join. */
static docconv_status command_line_list(docconv_batch *b, size_t *source)
{
	if (b->n_sources && b->sources[b->n_sources - 1].kind == SOURCE_LIST &&
	    strcmp(b->sources[b->n_sources - 1].path, "") == 0) {
		*source = b->n_sources - 1;
		return DOCCONV_OK;
	}
	return add_source(b, SOURCE_LIST, "", source);
}

docconv_status docconv_batch_add_list(docconv_batch *b, const char *list,
                                      docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	FILE *f = NULL;
	char *line = NULL;
	size_t cap = 0, source;
	if (strcmp(list, "-") == 0) {
		f = stdin;
	} else if (!(f = fopen(list, "re"))) {
		st = docconv_fail(d, DOCCONV_ERR_READ, "cannot open the list: %s",
		                  strerror(errno));
		goto out;
	}
	if ((st = add_source(b, SOURCE_LIST, list, &source)) != DOCCONV_OK)
		goto out;
	unsigned long lineno = 0;
	ssize_t len;
	while (st == DOCCONV_OK && (len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		if (strlen(line) != (size_t)len) {
			docconv_diag_add(d, DOCCONV_SEV_ERROR, lineno, -1,
			                 "a NUL byte in the list");
			st = DOCCONV_ERR_INPUT;
			break;
		}
		st = add_listed_file(b, source, line, d);
	}
	if (st == DOCCONV_OK && ferror(f))
		st = docconv_fail(d, DOCCONV_ERR_READ, "cannot read the list: %s",
		                  strerror(errno));
out:
	free(line);
	if (f && f != stdin)
		fclose(f);
	return st;
}

/* --- any path --------------------------------------------------------- */

static int starts_like_zip(const char *path)
{
	unsigned char m[ZIP_MAGIC_LEN];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return 0;
	ssize_t r = read(fd, m, sizeof m);
	close(fd);
	return r == ZIP_MAGIC_LEN && m[0] == 'P' && m[1] == 'K' &&
	       ((m[2] == 3 && m[3] == 4) || (m[2] == 5 && m[3] == 6));
}

int docconv_batch_is_batch_input(const char *path)
{
	struct stat sb;
	if (strcmp(path, "-") == 0 || stat(path, &sb) != 0)
		return 0;
	if (S_ISDIR(sb.st_mode))
		return 1;
	return S_ISREG(sb.st_mode) &&
	       (docconv_name_has_extension(path, "zip") || starts_like_zip(path));
}

docconv_status docconv_batch_add_path(docconv_batch *b, const char *path,
                                      docconv_diag *d)
{
	struct stat sb;
	size_t source;
	docconv_status st;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return add_folder(b, path, d);
	if (docconv_batch_is_batch_input(path))
		return add_zip(b, path, d);
	if ((st = command_line_list(b, &source)) != DOCCONV_OK)
		return st;
	return add_listed_file(b, source, path, d);
}

/* --- reading ---------------------------------------------------------- */

typedef long long (*read_fn)(void *src, void *buf, size_t n);

static long long read_fd(void *src, void *buf, size_t n)
{
	for (;;) {
		ssize_t r = read(*(int *)src, buf, n);
		if (r >= 0 || errno != EINTR)
			return r;
	}
}

static long long read_zip(void *src, void *buf, size_t n)
{
	return zip_fread((zip_file_t *)src, buf, n);
}

/* Reads all `fn` yields into b, but never more than limit + 1 bytes: *over
 * tells that the source had more than `limit`. -1 on a read error. */
static int read_upto(read_fn fn, void *src, uint64_t limit, docconv_buf *b,
                     int *over, docconv_status *st)
{
	*over = 0;
	for (;;) {
		if (docconv_buf_reserve(b, READ_CHUNK)) {
			*st = DOCCONV_ERR_NOMEM;
			return -1;
		}
		size_t want = b->cap - b->len - 1;
		if (want > limit + 1 - b->len)
			want = (size_t)(limit + 1 - b->len);
		long long r = fn(src, b->data + b->len, want);
		if (r < 0) {
			*st = DOCCONV_ERR_READ;
			return -1;
		}
		if (r == 0)
			return 0;
		b->len += (size_t)r;
		if (b->len > limit) {
			*over = 1;
			return 0;
		}
	}
}

static docconv_status over_entry_limit(const docconv_batch *b, docconv_diag *d)
{
	return docconv_fail(d, DOCCONV_ERR_LIMIT,
	                    "over the limit of %llu bytes for one article "
	                    "(--max-entry-size)",
	                    (unsigned long long)b->o.max_entry_size);
}

static docconv_status read_file_entry(docconv_batch *b, const batch_entry *e,
                                      docconv_buf *buf, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	const batch_source *s = &b->sources[e->source];
	int parent = -1, fd = -1, over;
	const char *leaf = e->rel;
	struct stat sb;
	if (s->kind == SOURCE_FOLDER) {
		if ((st = batch_open_parent(s->dir_fd, e->rel, 0, &parent, &leaf, d)) !=
		    DOCCONV_OK)
			goto out;
		fd = openat(parent, leaf, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
	} else {
		fd = open(e->rel, O_RDONLY | O_NOCTTY | O_CLOEXEC);
	}
	if (fd < 0 || fstat(fd, &sb) != 0) {
		st = docconv_fail(d, DOCCONV_ERR_READ, "cannot open: %s",
		                  strerror(errno));
		goto out;
	}
	if (S_ISDIR(sb.st_mode)) {
		st = docconv_fail(d, DOCCONV_ERR_READ, "is a folder");
		goto out;
	}
	if (read_upto(read_fd, &fd, b->o.max_entry_size, buf, &over, &st) < 0) {
		if (st == DOCCONV_ERR_READ)
			docconv_fail(d, st, "cannot read: %s", strerror(errno));
		goto out;
	}
	if (over)
		st = over_entry_limit(b, d);
out:
	if (fd >= 0)
		close(fd);
	if (parent >= 0)
		close(parent);
	return st;
}

static docconv_status read_zip_entry(docconv_batch *b, zip_t **zips,
                                     const batch_entry *e, docconv_buf *buf,
                                     docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	zip_file_t *zf = NULL;
	zip_stat_t zs;
	int over;
	if (!zips[e->source]) {
		int code = 0;
		zips[e->source] = zip_open(b->sources[e->source].path, ZIP_RDONLY, &code);
		if (!zips[e->source]) {
			st = zip_open_failed(code, d);
			goto out;
		}
	}
	zip_t *za = zips[e->source];
	zip_stat_init(&zs);
	if (zip_stat_index(za, e->zip_index, ZIP_FL_ENC_RAW, &zs) != 0 ||
	    strcmp(zs.name, e->zip_name) != 0 || zs.size != e->size) {
		st = docconv_fail(d, DOCCONV_ERR_READ,
		                  "the archive changed while it was being read");
		goto out;
	}
	if (!(zf = zip_fopen_index(za, e->zip_index, 0))) {
		st = docconv_fail(d, DOCCONV_ERR_READ, "cannot open the entry: %s",
		                  zip_strerror(za));
		goto out;
	}
	/* The declared size was checked against the limits; read no further
	 * than it, whatever the compressed data would inflate to. */
	if (docconv_buf_reserve(buf, (size_t)e->size)) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	if (read_upto(read_zip, zf, e->size, buf, &over, &st) < 0) {
		if (st == DOCCONV_ERR_READ)
			docconv_fail(d, st, "cannot read the entry: %s",
			             zip_file_strerror(zf));
		goto out;
	}
	if (over)
		st = docconv_fail(d, DOCCONV_ERR_LIMIT,
		                  "the entry inflates past the %llu bytes its header "
		                  "declares; damaged or hostile",
		                  (unsigned long long)e->size);
out:
	if (zf)
		zip_fclose(zf);
	return st;
}

docconv_status batch_read_entry(docconv_batch *b, zip_t **zips,
                                const batch_entry *e, unsigned char **bytes,
                                size_t *n, docconv_diag *d)
{
	docconv_status st;
	docconv_buf buf;
	docconv_buf_init(&buf);
	*bytes = NULL;
	*n = 0;
	if (b->sources[e->source].kind == SOURCE_ZIP)
		st = read_zip_entry(b, zips, e, &buf, d);
	else
		st = read_file_entry(b, e, &buf, d);
	if (st == DOCCONV_OK && !(*bytes = (unsigned char *)docconv_buf_detach(&buf, n)))
		st = DOCCONV_ERR_NOMEM;
	docconv_buf_free(&buf);
	return st;
}

/* --- folders beneath a root ------------------------------------------- */

docconv_status batch_open_parent(int root, const char *rel, int create,
                                 int *parent, const char **leaf,
                                 docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	char part[DOCCONV_NAME_MAX + 1];
	int fd = dup(root);
	*parent = -1;
	*leaf = rel;
	if (fd < 0) {
		st = docconv_fail(d, DOCCONV_ERR_INTERNAL, "dup: %s", strerror(errno));
		goto out;
	}
	const char *p = rel;
	for (const char *slash; (slash = strchr(p, '/')); p = slash + 1) {
		size_t len = (size_t)(slash - p);
		if (len == 0 || len > DOCCONV_NAME_MAX)
			continue;
		memcpy(part, p, len);
		part[len] = '\0';
		int next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0 && errno == ENOENT && create) {
			if (mkdirat(fd, part, 0777) != 0 && errno != EEXIST) {
				st = docconv_fail(d, DOCCONV_ERR_WRITE,
				                  "cannot create the folder for %s: %s", rel,
				                  strerror(errno));
				goto out;
			}
			next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		}
		if (next < 0) {
			int e = errno;
			st = docconv_fail(d, create ? DOCCONV_ERR_WRITE : DOCCONV_ERR_READ,
			                  "%s: %.*s: %s", rel, (int)(slash - rel),
			                  rel, e == ELOOP || e == ENOTDIR
			                           ? "a symbolic link or a file is in "
			                             "the way; not followed"
			                           : strerror(e));
			goto out;
		}
		close(fd);
		fd = next;
	}
	*leaf = p;
	*parent = fd;
	fd = -1;
out:
	if (fd >= 0)
		close(fd);
	return st;
}
