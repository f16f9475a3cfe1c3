/* sources.c — where a batch's articles come from (an archive, a folder, a
 * list of files) and each article's bytes as the pipeline's source. The
 * rules are in batch.h.
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

#include "conv/core/mem.h"
#include "conv/core/names.h"
#include "conv/core/text.h"
#include "formats/archive/archive.h"
#include "formats/image/image.h"

/* A name for messages: the source's path, ':' or '/', and the escaped
 * entry name (escaping can make it four times longer). */
#define DISPLAY_MAX (4 * DOCCONV_NAME_MAX + 512)
/* Bytes copied from the spool at a time by pread. */
#define SPOOL_CHUNK (64 * 1024)

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
	t = docconv_strdup(base);
	if (t && kind == SOURCE_ARCHIVE)
		t[docconv_archive_stem(t)] = '\0';
	free(real);
	free(copy);
	return t;
}

batch_file_id batch_file_id_of(const struct stat *sb)
{
	batch_file_id id = { (uint64_t)sb->st_dev, (uint64_t)sb->st_ino, 1 };
	return id;
}

void batch_sources_free(docconv_batch *b)
{
	batch_photos_free(b);
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
		free(e->name);
		free(e->safe);
		free(e->output);
		free(e->refusal);
	}
	free(b->entries);
	if (b->spool_fd >= 0)
		close(b->spool_fd);
}

static docconv_status add_source(docconv_batch *b, batch_source_kind kind,
                                 const char *path, size_t *index)
{
	if (docconv_array_reserve((void **)&b->sources, &b->cap_sources,
	                          b->n_sources + 1, sizeof *b->sources))
		return DOCCONV_ERR_NOMEM;
	batch_source *s = &b->sources[b->n_sources];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->dir_fd = -1;
	if (!(s->path = docconv_strdup(path)))
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
	return (e->refusal = docconv_strdup(msg)) ? DOCCONV_OK : DOCCONV_ERR_NOMEM;
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
	if (docconv_array_reserve((void **)&b->entries, &b->cap_entries,
	                          b->n_entries + 1, sizeof *b->entries))
		return DOCCONV_ERR_NOMEM;
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
		                       s->kind == SOURCE_ARCHIVE ? ':' : '/');
		if (pre >= DISPLAY_MAX / 2)
			pre = DISPLAY_MAX / 2 - 1;
	}
	docconv_name_escape(rel, strlen(rel), display + pre, DISPLAY_MAX - pre);
	unsigned changes;
	const char *why;
	int named = docconv_name_sanitize(naming, strlen(naming), safe, sizeof safe,
	                                  &changes, &why) == DOCCONV_OK;
	if (!(e->rel = docconv_strdup(rel)) || !(e->name = docconv_strdup(display)) ||
	    (named && !(e->safe = docconv_strdup(safe)))) {
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

/* --- archives -------------------------------------------------------- */

/* An entry's name as UTF-8: as it is when it is UTF-8, flagged so or not;
 * else GB18030, which Chinese Windows archivers write without saying so;
 * else the bytes as they are, which the sanitiser turns into '_'. */
static char *entry_name_utf8(const char *raw)
{
	size_t n = strlen(raw);
	char *out = NULL;
	if (docconv_utf8_valid(raw, n, NULL))
		return docconv_strdup(raw);
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return docconv_strdup(raw);
	/* A GB18030 character of k bytes is at most k + 2 bytes of UTF-8. */
	size_t cap = 3 * n + 1;
	if ((out = malloc(cap))) {
		char *in = (char *)raw, *o = out;
		size_t in_left = n, out_left = cap - 1;
		if (iconv(cd, &in, &in_left, &o, &out_left) == (size_t)-1 ||
		    in_left != 0) {
			free(out);
			out = docconv_strdup(raw);
		} else {
			*o = '\0';
		}
	}
	iconv_close(cd);
	return out;
}

/* The header checks: each entry is judged before any of it is inflated. */
static docconv_status check_header(docconv_batch *b,
                                   const docconv_archive_entry *ae,
                                   batch_entry *e)
{
	if (ae->kind == DOCCONV_ENTRY_LINK)
		return refuse(e, DOCCONV_ERR_INPUT,
		              "a link in the archive: not followed");
	if (ae->kind != DOCCONV_ENTRY_FILE)
		return refuse(e, DOCCONV_ERR_INPUT,
		              "not a regular file in the archive: skipped");
	if (ae->encrypted)
		return refuse(e, DOCCONV_ERR_INPUT,
		              "encrypted: skipped (docconv does not decrypt "
		              "archives)");
	if (ae->size_known && ae->size > b->o.max_entry_size)
		return refuse(e, DOCCONV_ERR_LIMIT,
		              "%llu bytes uncompressed, over the limit of %llu "
		              "bytes for one entry (--max-entry-size)",
		              (unsigned long long)ae->size,
		              (unsigned long long)b->o.max_entry_size);
	return DOCCONV_OK;
}

/* The ratio of `unpacked` bytes made from `packed`, as a whole number. */
static unsigned long long ratio_of(uint64_t unpacked, uint64_t packed)
{
	return (unsigned long long)(packed ? unpacked / packed : unpacked);
}

/* Whether `unpacked` bytes from `packed` inflate past --max-ratio. */
static int over_ratio(const docconv_batch *b, uint64_t unpacked,
                      uint64_t packed)
{
	return unpacked > DOCCONV_BATCH_RATIO_FLOOR &&
	       unpacked / b->o.max_ratio > packed;
}

/* An entry's data as a source, counting what it inflates from. */
typedef struct entry_reader {
	docconv_archive *a;
	const docconv_batch *b;
	uint64_t packed_at;       /* archive bytes read before the entry */
	uint64_t made;            /* the entry's bytes so far */
	int bomb;                 /* stopped: past --max-ratio */
	unsigned long long ratio;
} entry_reader;

static long long read_entry(void *ctx, void *buf, size_t n)
{
	entry_reader *r = ctx;
	long long got = docconv_archive_read(r->a, buf, n);
	if (got <= 0)
		return got;
	uint64_t packed, unpacked;
	r->made += (uint64_t)got;
	docconv_archive_counts(r->a, &packed, &unpacked);
	if (over_ratio(r->b, r->made, packed - r->packed_at)) {
		r->bomb = 1;
		r->ratio = ratio_of(r->made, packed - r->packed_at);
		errno = EFBIG;
		return -1;
	}
	return got;
}

static docconv_status spool_write(docconv_batch *b, const unsigned char *p,
                                  size_t n, docconv_diag *d)
{
	if (b->spool_fd < 0) {
		const char *dir = getenv("TMPDIR");
		char path[4096];
		snprintf(path, sizeof path, "%s/docconv-spool-XXXXXX",
		         dir && *dir ? dir : "/tmp");
		if ((b->spool_fd = mkostemp(path, O_CLOEXEC)) < 0)
			return docconv_fail(d, DOCCONV_ERR_WRITE,
			                    "cannot create a temporary file in %s: %s",
			                    dir && *dir ? dir : "/tmp", strerror(errno));
		unlink(path);   /* nothing is left behind, however the run ends */
	}
	for (size_t done = 0; done < n;) {
		ssize_t w = pwrite(b->spool_fd, p + done, n - done,
		                   (off_t)(b->spool_len + done));
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return docconv_fail(d, DOCCONV_ERR_WRITE,
			                    "cannot write the temporary file: %s",
			                    w < 0 ? strerror(errno) : "disk full");
		done += (size_t)w;
	}
	b->spool_len += n;
	return DOCCONV_OK;
}

/* Reads an article's data into the spool, within the limits; an entry that
 * breaks one is refused, a spool that cannot be written stops the run. */
static docconv_status spool_entry(docconv_batch *b, docconv_archive *a,
                                  const docconv_archive_entry *ae,
                                  batch_entry *e, docconv_diag *d)
{
	docconv_status st;
	unsigned char *bytes = NULL;
	size_t n = 0;
	int over;
	uint64_t unpacked;
	entry_reader r = { a, b, 0, 0, 0, 0 };
	docconv_source src;
	docconv_archive_counts(a, &r.packed_at, &unpacked);
	docconv_source_fn(&src, read_entry, &r);
	uint64_t limit = ae->size_known ? ae->size : b->o.max_entry_size;
	st = docconv_source_read_all(&src, limit, (size_t)(ae->size_known ? ae->size : 0),
	                             &bytes, &n, &over);
	if (st == DOCCONV_ERR_READ && r.bomb)
		st = refuse(e, DOCCONV_ERR_LIMIT,
		            "compressed %llu:1, over the limit of %u:1 "
		            "(--max-ratio); a bomb?", r.ratio, b->o.max_ratio);
	else if (st == DOCCONV_ERR_READ)
		st = refuse(e, DOCCONV_ERR_READ, "cannot read the entry: %s",
		            docconv_archive_error(a));
	else if (st == DOCCONV_OK && over && ae->size_known)
		st = refuse(e, DOCCONV_ERR_LIMIT,
		            "the entry inflates past the %llu bytes its header "
		            "declares; damaged or hostile",
		            (unsigned long long)ae->size);
	else if (st == DOCCONV_OK && over)
		st = refuse(e, DOCCONV_ERR_LIMIT,
		            "over the limit of %llu bytes for one article "
		            "(--max-entry-size)",
		            (unsigned long long)b->o.max_entry_size);
	else if (st == DOCCONV_OK) {
		e->spool_at = b->spool_len;
		e->size = n;
		st = spool_write(b, bytes, n, d);
	}
	free(bytes);
	return st;
}

/* A picture of the archive, kept in the spool for the article whose photo
 * it may be: an article may come after it. One that cannot be kept is
 * listed all the same, so that its article's warning says why; an entry
 * that inflates past --max-ratio or its declared size is not read on. */
static docconv_status spool_photo(docconv_batch *b, docconv_archive *a,
                                  const docconv_archive_entry *ae,
                                  size_t source, const char *name,
                                  uint64_t *total, docconv_diag *d)
{
	docconv_status st;
	unsigned char *bytes = NULL;
	size_t n = 0;
	int over = 0;
	uint64_t unpacked;
	entry_reader r = { a, b, 0, 0, 0, 0 };
	docconv_source src;
	if (ae->kind != DOCCONV_ENTRY_FILE || ae->encrypted)
		return batch_photos_add(b, source, name, BATCH_PHOTO_UNREAD,
		                        BATCH_PHOTO_NOT_FILE);
	if (ae->size_known && ae->size > DOCCONV_IMAGE_MAX_BYTES)
		return batch_photos_add(b, source, name, BATCH_PHOTO_UNREAD,
		                        BATCH_PHOTO_TOO_LARGE);
	docconv_archive_counts(a, &r.packed_at, &unpacked);
	docconv_source_fn(&src, read_entry, &r);
	st = docconv_source_read_all(&src, ae->size_known ? ae->size
	                                                  : DOCCONV_IMAGE_MAX_BYTES,
	                             (size_t)(ae->size_known ? ae->size : 0),
	                             &bytes, &n, &over);
	if (st == DOCCONV_ERR_READ || over) {
		st = batch_photos_add(b, source, name, BATCH_PHOTO_UNREAD,
		                      r.bomb ? BATCH_PHOTO_BOMB
		                      : over && !ae->size_known
		                              ? BATCH_PHOTO_TOO_LARGE
		                              : BATCH_PHOTO_DAMAGED);
	} else if (st == DOCCONV_OK) {
		*total += n;
		uint64_t at = b->spool_len;
		if (*total <= b->o.max_total_size &&
		    (st = spool_write(b, bytes, n, d)) == DOCCONV_OK)
			st = batch_photos_add(b, source, name, at, n);
	}
	free(bytes);
	return st;
}

static docconv_status over_total(docconv_batch *b, uint64_t total,
                                 docconv_diag *d)
{
	return docconv_fail(d, DOCCONV_ERR_LIMIT,
	                    "its articles total %llu bytes uncompressed, over the "
	                    "limit of %llu (--max-total-size); nothing converted",
	                    (unsigned long long)total,
	                    (unsigned long long)b->o.max_total_size);
}

/* The archive's size for its expansion ratio: a file's whole size, or
 * what a stream gave so far. */
static uint64_t archive_size(docconv_source *src, docconv_archive *a)
{
	struct stat sb;
	uint64_t packed, unpacked;
	if (src->fd >= 0 && fstat(src->fd, &sb) == 0 && S_ISREG(sb.st_mode))
		return (uint64_t)sb.st_size;
	docconv_archive_counts(a, &packed, &unpacked);
	return packed;
}

/* Reads an archive through: every entry is named and judged; the articles
 * of this shard are kept in the spool. `id` is the archive file's, when it
 * is one. */
static docconv_status add_archive(docconv_batch *b, const char *path,
                                  const batch_file_id *id,
                                  docconv_source *src, docconv_diag *d)
{
	docconv_status st;
	size_t source, first = b->n_entries;
	docconv_archive *a = NULL;
	char *name = NULL;
	uint64_t total = 0, spooled = 0;
	int done = 0;
	if ((st = docconv_archive_open(&a, src, path, d)) != DOCCONV_OK ||
	    (st = add_source(b, SOURCE_ARCHIVE, path, &source)) != DOCCONV_OK)
		goto out;
	if (id)
		b->sources[source].id = *id;
	while (st == DOCCONV_OK) {
		docconv_archive_entry ae;
		uint64_t packed, unpacked;
		if ((st = docconv_archive_next(a, &ae, &done, d)) != DOCCONV_OK ||
		    done)
			break;
		/* A compressed stream that inflates past the ratio is a bomb,
		 * whatever its entries are: skipping them inflates it too. */
		docconv_archive_counts(a, &packed, &unpacked);
		if (unpacked > packed && over_ratio(b, unpacked, packed)) {
			st = docconv_fail(d, DOCCONV_ERR_LIMIT,
			                  "the archive inflates %llu:1, over the limit "
			                  "of %u:1 (--max-ratio); a bomb? Nothing "
			                  "converted", ratio_of(unpacked, packed),
			                  b->o.max_ratio);
			break;
		}
		size_t len = strlen(ae.name);
		if (ae.kind == DOCCONV_ENTRY_FOLDER ||
		    (len && (ae.name[len - 1] == '/' || ae.name[len - 1] == '\\')))
			continue;   /* a folder: its files speak for it */
		if ((st = count_entry(b, path, d)) != DOCCONV_OK)
			break;
		free(name);
		if (!(name = entry_name_utf8(ae.name))) {
			st = DOCCONV_ERR_NOMEM;
			break;
		}
		if (!is_article(b, name)) {
			/* A picture may be an article's photo; it is not an
			 * article either way. */
			if (docconv_image_has_extension(name) &&
			    !docconv_name_is_hidden(name) &&
			    (st = spool_photo(b, a, &ae, source, name, &total, d)) !=
			            DOCCONV_OK)
				break;
			skip_entry(b, name);
			continue;
		}
		batch_entry *e;
		if ((st = add_article(b, source, name, name, &e)) != DOCCONV_OK)
			break;
		e->size = ae.size;
		e->mtime = ae.mtime;
		if (!docconv_batch_in_shard(name, strlen(name), b->o.shard_index,
		                            b->o.shard_count) ||
		    e->refusal || (st = check_header(b, &ae, e)) != DOCCONV_OK ||
		    e->refusal)
			continue;
		/* Past the total, the sizes are still added up for the message,
		 * but nothing more is read. */
		total += ae.size;
		if (total > b->o.max_total_size)
			continue;
		st = spool_entry(b, a, &ae, e, d);
		if (!e->refusal && !ae.size_known)
			total += e->size;
		if (total > b->o.max_total_size)
			continue;
		/* Many entries each under the floor inflate as far as one
		 * large one: the articles together are held to the ratio. */
		spooled += e->refusal ? 0 : e->size;
		uint64_t size = archive_size(src, a);
		if (st == DOCCONV_OK && over_ratio(b, spooled, size)) {
			st = docconv_fail(d, DOCCONV_ERR_LIMIT,
			                  "its articles inflate to more than %llu "
			                  "bytes from %llu, over the limit of %u:1 "
			                  "(--max-ratio); a bomb? Nothing converted",
			                  (unsigned long long)spooled,
			                  (unsigned long long)size, b->o.max_ratio);
			break;
		}
	}
	if (st == DOCCONV_OK && total > b->o.max_total_size)
		st = over_total(b, total, d);
	sort_entries(b, first);
out:
	free(name);
	docconv_archive_close(a);
	return st;
}

docconv_status docconv_batch_add_stream(docconv_batch *b, const char *name,
                                        docconv_source *src, docconv_diag *d)
{
	return add_archive(b, name, NULL, src, d);
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
				e->id = batch_file_id_of(&sb);
			}
		} else {
			/* A picture may be an article's photo (photos.c). */
			if (S_ISREG(sb.st_mode) && docconv_image_has_extension(rel->data) &&
			    !docconv_name_is_hidden(rel->data))
				st = batch_photos_add(b, source, rel->data, 0,
				                      (uint64_t)sb.st_size);
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
	e->id = batch_file_id_of(&sb);
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

/* Reads one line of a list into line[0..DOCCONV_BATCH_MAX_LIST_LINE], without
 * its line end: 1 a line, 0 at the end, -1 when the list is not one (in
 * d), -2 when it cannot be read. */
static int read_list_line(FILE *f, char *line, size_t *len, unsigned long lineno,
                          docconv_diag *d)
{
	int c;
	size_t n = 0;
	while ((c = getc_unlocked(f)) != EOF && c != '\n') {
		if (c == '\0') {
			docconv_diag_add(d, DOCCONV_SEV_ERROR, lineno, -1,
			                 "a NUL byte in the list; it is not a list of "
			                 "paths, one a line");
			return -1;
		}
		if (n == DOCCONV_BATCH_MAX_LIST_LINE) {
			docconv_diag_add(d, DOCCONV_SEV_ERROR, lineno, -1,
			                 "a line longer than %d bytes; it is not a "
			                 "list of paths, one a line",
			                 DOCCONV_BATCH_MAX_LIST_LINE);
			return -1;
		}
		line[n++] = (char)c;
	}
	if (c == EOF && ferror(f)) {
		docconv_diag_add(d, DOCCONV_SEV_ERROR, lineno, -1,
		                 "cannot read the list: %s", strerror(errno));
		return -2;
	}
	while (n > 0 && line[n - 1] == '\r')
		n--;
	line[n] = '\0';
	*len = n;
	return c != EOF || n > 0;
}

docconv_status docconv_batch_add_list(docconv_batch *b, const char *list,
                                      docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	FILE *f = NULL;
	char *line = NULL;
	size_t source, len;
	if (strcmp(list, "-") == 0) {
		f = stdin;
	} else if (!(f = fopen(list, "re"))) {
		st = docconv_fail(d, DOCCONV_ERR_READ, "cannot open the list: %s",
		                  strerror(errno));
		goto out;
	}
	if (!(line = malloc(DOCCONV_BATCH_MAX_LIST_LINE + 1))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	if ((st = add_source(b, SOURCE_LIST, list, &source)) != DOCCONV_OK)
		goto out;
	unsigned long lineno = 0;
	int r;
	while (st == DOCCONV_OK &&
	       (r = read_list_line(f, line, &len, lineno + 1, d)) != 0) {
		if (r < 0) {
			st = r == -1 ? DOCCONV_ERR_INPUT : DOCCONV_ERR_READ;
			break;
		}
		if (++lineno > DOCCONV_BATCH_MAX_LIST_LINES) {
			st = docconv_fail(d, DOCCONV_ERR_LIMIT,
			                  "more than %u lines in the list; split it",
			                  DOCCONV_BATCH_MAX_LIST_LINES);
			break;
		}
		if (len)
			st = add_listed_file(b, source, line, d);
	}
out:
	free(line);
	if (f && f != stdin)
		fclose(f);
	return st;
}

/* --- any path --------------------------------------------------------- */

static int starts_like_archive(const char *path)
{
	unsigned char head[DOCCONV_SOURCE_PEEK];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return 0;
	ssize_t r = read(fd, head, sizeof head);
	close(fd);
	return r > 0 && docconv_archive_sniff(head, (size_t)r);
}

int docconv_batch_is_batch_input(const char *path)
{
	struct stat sb;
	if (strcmp(path, "-") == 0 || stat(path, &sb) != 0)
		return 0;
	if (S_ISDIR(sb.st_mode))
		return 1;
	return S_ISREG(sb.st_mode) &&
	       (docconv_archive_has_extension(path) || starts_like_archive(path));
}

docconv_status docconv_batch_add_path(docconv_batch *b, const char *path,
                                      docconv_diag *d)
{
	struct stat sb;
	size_t source;
	docconv_status st;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return add_folder(b, path, d);
	if (docconv_batch_is_batch_input(path)) {
		docconv_source src;
		batch_file_id id = { 0, 0, 0 };
		int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (fd < 0)
			return docconv_fail(d, DOCCONV_ERR_READ, "cannot open: %s",
			                    strerror(errno));
		if (fstat(fd, &sb) == 0)
			id = batch_file_id_of(&sb);
		docconv_source_fd(&src, fd);
		st = add_archive(b, path, &id, &src, d);
		close(fd);
		return st;
	}
	if ((st = command_line_list(b, &source)) != DOCCONV_OK)
		return st;
	return add_listed_file(b, source, path, d);
}

/* --- reading an article ----------------------------------------------- */

static long long read_spool(void *ctx, void *buf, size_t n)
{
	batch_entry_input *ei = ctx;
	if (n > ei->end - ei->at)
		n = (size_t)(ei->end - ei->at);
	if (n > SPOOL_CHUNK)
		n = SPOOL_CHUNK;
	if (n == 0)
		return 0;
	for (;;) {
		ssize_t r = pread(ei->spool_fd, buf, n, (off_t)ei->at);
		if (r < 0 && errno == EINTR)
			continue;
		if (r > 0)
			ei->at += (uint64_t)r;
		return r;
	}
}

docconv_status batch_entry_open(docconv_batch *b, const batch_entry *e,
                                batch_entry_input *ei, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	const batch_source *s = &b->sources[e->source];
	int parent = -1;
	const char *leaf = e->rel;
	struct stat sb;
	const char *slash = strrchr(e->safe ? e->safe : e->rel, '/');
	memset(ei, 0, sizeof *ei);
	ei->fd = -1;
	ei->in.source = &ei->src;
	ei->in.name = slash ? slash + 1 : e->safe ? e->safe : e->rel;
	ei->in.limit = b->o.max_entry_size;
	ei->in.limit_option = "--max-entry-size";
	ei->in.mtime = e->mtime;
	if ((st = batch_photos_place(b, e, ei, d)) != DOCCONV_OK)
		return st;
	if (s->kind == SOURCE_ARCHIVE) {
		ei->spool_fd = b->spool_fd;
		ei->at = e->spool_at;
		ei->end = e->spool_at + e->size;
		ei->in.size_hint = (size_t)e->size;
		docconv_source_fn(&ei->src, read_spool, ei);
		return DOCCONV_OK;
	}
	if (s->kind == SOURCE_FOLDER) {
		if ((st = batch_open_parent(s->dir_fd, e->rel, 0, &parent, &leaf, d)) !=
		    DOCCONV_OK)
			goto out;
		ei->fd = openat(parent, leaf,
		                O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
	} else {
		ei->fd = open(e->rel, O_RDONLY | O_NOCTTY | O_CLOEXEC);
	}
	if (ei->fd < 0 || fstat(ei->fd, &sb) != 0) {
		st = docconv_fail(d, DOCCONV_ERR_READ, "cannot open: %s",
		                  strerror(errno));
		goto out;
	}
	if (S_ISDIR(sb.st_mode)) {
		st = docconv_fail(d, DOCCONV_ERR_READ, "is a folder");
		goto out;
	}
	if (S_ISREG(sb.st_mode) && (uint64_t)sb.st_size <= b->o.max_entry_size)
		ei->in.size_hint = (size_t)sb.st_size;
	docconv_source_fd(&ei->src, ei->fd);
out:
	if (parent >= 0)
		close(parent);
	return st;
}

void batch_entry_close(batch_entry_input *ei)
{
	if (ei->fd >= 0)
		close(ei->fd);
	ei->fd = -1;
	docconv_photo_index_free(ei->own_photos);
	ei->own_photos = NULL;
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
