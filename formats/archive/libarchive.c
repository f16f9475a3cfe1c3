/* libarchive.c — the archive reader and the zip writer (archive.h) on
 * libarchive; built as the module docconv-archive.so (module.h), so a run
 * that meets no archive never loads it.
 *
 * A file is read by seeking, and a zip then by its central directory, the
 * archive's own list of its entries (local headers may hold deleted ones,
 * and a zip cut short loses its directory: it is refused, not half read).
 * A stream can only be read in order: a zip by its local headers.
 */
#include "ops.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <locale.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Bytes read from the input at a time. */
#define ARCHIVE_BLOCK (64 * 1024)
/* Deflate level of OUT.zip: zlib's default, fixed so the bytes are too. */
#define ZIP_LEVEL "6"

/* libarchive converts names between an archive's charset and the current
 * locale's; docconv keeps the "C" locale, where no name outside ASCII
 * converts. Around libarchive's calls the thread uses C.UTF-8 instead:
 * a name flagged as UTF-8 then comes as it is, an unflagged one (GBK from
 * Chinese Windows) as its bytes, which the batch reads itself; names
 * written are UTF-8. */
static locale_t utf8_locale;
static pthread_once_t utf8_once = PTHREAD_ONCE_INIT;

static void make_utf8_locale(void)
{
	utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

static locale_t enter_utf8(void)
{
	pthread_once(&utf8_once, make_utf8_locale);
	return utf8_locale ? uselocale(utf8_locale) : (locale_t)0;
}

static void leave_utf8(locale_t old)
{
	if (old)
		uselocale(old);
}

struct docconv_archive {
	struct archive *ar;
	docconv_source *src;
	const char *name;
	unsigned char block[ARCHIVE_BLOCK];
};

static la_ssize_t read_source(struct archive *ar, void *user, const void **buf)
{
	docconv_archive *a = user;
	long long r = docconv_source_read(a->src, a->block, sizeof a->block);
	if (r < 0) {
		archive_set_error(ar, errno, "cannot read: %s", strerror(errno));
		return -1;
	}
	*buf = a->block;
	return (la_ssize_t)r;
}

static int seekable(const docconv_source *src)
{
	struct stat sb;
	return src->fd >= 0 && src->head_len == 0 && fstat(src->fd, &sb) == 0 &&
	       S_ISREG(sb.st_mode);
}

static docconv_status open_archive(docconv_archive **out, docconv_source *src,
                                   const char *name, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	docconv_archive *a = calloc(1, sizeof *a);
	*out = NULL;
	if (!a || !(a->ar = archive_read_new())) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	a->src = src;
	a->name = name;
	int seek = seekable(src);
	archive_read_support_filter_gzip(a->ar);
	archive_read_support_filter_bzip2(a->ar);
	archive_read_support_filter_xz(a->ar);
	archive_read_support_filter_zstd(a->ar);
	archive_read_support_format_tar(a->ar);
	archive_read_support_format_7zip(a->ar);
	if (seek)
		archive_read_support_format_zip_seekable(a->ar);
	else
		archive_read_support_format_zip_streamable(a->ar);
	int r = seek ? archive_read_open_fd(a->ar, src->fd, ARCHIVE_BLOCK)
	             : archive_read_open(a->ar, a, NULL, read_source, NULL);
	if (r != ARCHIVE_OK) {
		st = docconv_fail(d, DOCCONV_ERR_INPUT,
		                  "not an archive docconv reads (zip, tar, 7z), or "
		                  "a damaged or truncated one: %s",
		                  archive_error_string(a->ar)
		                          ? archive_error_string(a->ar) : "unreadable");
		goto out;
	}
out:
	if (st != DOCCONV_OK && a) {
		if (a->ar)
			archive_read_free(a->ar);
		free(a);
		a = NULL;
	}
	*out = a;
	return st;
}

static docconv_status next_entry(docconv_archive *a, docconv_archive_entry *e,
                                 int *done, docconv_diag *d)
{
	struct archive_entry *ae;
	memset(e, 0, sizeof *e);
	*done = 0;
	locale_t old = enter_utf8();
	int r = archive_read_next_header(a->ar, &ae);
	if (r == ARCHIVE_OK || r == ARCHIVE_WARN) {
		e->name = archive_entry_pathname(ae);
		if (!e->name)
			e->name = archive_entry_pathname_utf8(ae);
	}
	leave_utf8(old);
	if (r == ARCHIVE_EOF) {
		*done = 1;
		return DOCCONV_OK;
	}
	/* A warning is a name not in this locale's charset: the raw bytes (or
	 * their UTF-8 form) are taken below, as the batch reads names itself. */
	if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
		return docconv_fail(d, DOCCONV_ERR_INPUT,
		                    "the archive is damaged or truncated: %s",
		                    archive_error_string(a->ar)
		                            ? archive_error_string(a->ar) : "unreadable");
	if (!e->name)
		e->name = "";
	switch (archive_entry_hardlink(ae) ? AE_IFLNK : archive_entry_filetype(ae)) {
	case AE_IFREG: e->kind = DOCCONV_ENTRY_FILE; break;
	case AE_IFDIR: e->kind = DOCCONV_ENTRY_FOLDER; break;
	case AE_IFLNK: e->kind = DOCCONV_ENTRY_LINK; break;
	default: e->kind = DOCCONV_ENTRY_OTHER; break;
	}
	e->size_known = archive_entry_size_is_set(ae) != 0;
	e->size = e->size_known && archive_entry_size(ae) > 0
	                  ? (uint64_t)archive_entry_size(ae) : 0;
	e->mtime = archive_entry_mtime_is_set(ae) ? (int64_t)archive_entry_mtime(ae)
	                                          : 0;
	e->encrypted = archive_entry_is_encrypted(ae) != 0;
	return DOCCONV_OK;
}

static long long read_data(void *ctx, void *buf, size_t n)
{
	docconv_archive *a = ctx;
	la_ssize_t r = archive_read_data(a->ar, buf, n);
	if (r < 0) {
		errno = archive_errno(a->ar) > 0 ? archive_errno(a->ar) : EIO;
		return -1;
	}
	return r;
}

static const char *error_text(docconv_archive *a)
{
	const char *s = archive_error_string(a->ar);
	return s ? s : "unknown error";
}

static void counts(docconv_archive *a, uint64_t *packed, uint64_t *unpacked)
{
	la_int64_t raw = archive_filter_bytes(a->ar, -1);
	la_int64_t out = archive_filter_bytes(a->ar, 0);
	*packed = raw > 0 ? (uint64_t)raw : 0;
	*unpacked = out > 0 ? (uint64_t)out : 0;
}

static void close_archive(docconv_archive *a)
{
	if (!a)
		return;
	archive_read_free(a->ar);
	free(a);
}

/* --- the zip writer --------------------------------------------------- */

struct docconv_zip_writer {
	struct archive *ar;
	docconv_sink *sink;
	const char *name;
	struct archive_entry *entry;
	int failed;
};

/* Bytes to the sink. A failed write is not told to libarchive, which
 * would then leave an entry's deflate state unfreed: the sink keeps the
 * failure (and drops what follows), and each call below asks it after. */
static la_ssize_t write_sink(struct archive *ar, void *user, const void *buf,
                             size_t n)
{
	docconv_zip_writer *z = user;
	(void)ar;
	docconv_sink_write(z->sink, buf, n);
	return (la_ssize_t)n;
}

static docconv_status zip_failed(docconv_zip_writer *z, docconv_diag *d)
{
	z->failed = 1;
	/* A write to the sink failed (a full disk): abandoning the sink says
	 * so, with the file and the cause. */
	if (docconv_sink_failed(z->sink))
		return DOCCONV_ERR_WRITE;
	return docconv_fail(d, DOCCONV_ERR_WRITE, "cannot write %s: %s", z->name,
	                    archive_error_string(z->ar)
	                            ? archive_error_string(z->ar) : "unknown error");
}

static docconv_status zip_new(docconv_zip_writer **out, docconv_sink *sink,
                              const char *name, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	docconv_zip_writer *z = calloc(1, sizeof *z);
	*out = NULL;
	if (!z || !(z->ar = archive_write_new()) ||
	    !(z->entry = archive_entry_new())) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	z->sink = sink;
	z->name = name;
	/* Names go in as UTF-8 and are flagged so, whatever the locale; each
	 * byte goes to the sink as it is made (no blocking). */
	if (archive_write_set_format_zip(z->ar) != ARCHIVE_OK ||
	    archive_write_set_options(z->ar, "zip:compression=deflate,"
	                              "zip:compression-level=" ZIP_LEVEL) !=
	            ARCHIVE_OK ||
	    archive_write_set_bytes_per_block(z->ar, 0) != ARCHIVE_OK ||
	    archive_write_open2(z->ar, z, NULL, write_sink, NULL, NULL) !=
	            ARCHIVE_OK) {
		st = zip_failed(z, d);
		goto out;
	}
out:
	if (st != DOCCONV_OK && z) {
		if (z->ar)
			archive_write_free(z->ar);
		archive_entry_free(z->entry);
		free(z);
		z = NULL;
	}
	*out = z;
	return st;
}

static docconv_status zip_add(docconv_zip_writer *z, const char *path,
                              const unsigned char *data, size_t n,
                              int64_t mtime, docconv_diag *d)
{
	locale_t old = enter_utf8();
	archive_entry_clear(z->entry);
	archive_entry_update_pathname_utf8(z->entry, path);
	archive_entry_set_filetype(z->entry, AE_IFREG);
	archive_entry_set_perm(z->entry, 0644);
	archive_entry_set_size(z->entry, (la_int64_t)n);
	archive_entry_set_mtime(z->entry, (time_t)mtime, 0);
	int failed = archive_write_header(z->ar, z->entry) != ARCHIVE_OK ||
	             (n && archive_write_data(z->ar, data, n) != (la_ssize_t)n) ||
	             archive_write_finish_entry(z->ar) != ARCHIVE_OK ||
	             docconv_sink_failed(z->sink);
	leave_utf8(old);
	return failed ? zip_failed(z, d) : DOCCONV_OK;
}

static docconv_status zip_finish(docconv_zip_writer *z, docconv_diag *d)
{
	if (archive_write_close(z->ar) != ARCHIVE_OK || docconv_sink_failed(z->sink))
		return zip_failed(z, d);
	return DOCCONV_OK;
}

static void zip_free(docconv_zip_writer *z)
{
	if (!z)
		return;
	archive_write_free(z->ar);
	archive_entry_free(z->entry);
	free(z);
}

static void versions(FILE *f)
{
	fprintf(f, "%s\n", archive_version_details());
}

const docconv_archive_ops docconv_archive_libarchive = {
	open_archive, next_entry, read_data, error_text, counts, close_archive,
	zip_new, zip_add, zip_finish, zip_free, versions,
};
