/* archive.c — telling an archive by its name or first bytes, and the
 * archive functions reached through the libarchive module (libarchive.c),
 * loaded on first use; or through the same code linked in, as the tests
 * link it.
 */
#include "ops.h"

#include <string.h>
#include <strings.h>

#include "formats/module.h"

/* Set when libarchive.c is linked into the program itself. */
extern const docconv_archive_ops docconv_archive_libarchive
	__attribute__((weak));

static const char *const archive_symbols_names[] = {
	"docconv_archive_libarchive"
};
static void *archive_symbols[1];
static docconv_module archive_module = DOCCONV_MODULE_INIT(
	"docconv-archive.so", archive_symbols_names, archive_symbols, 1);

static const docconv_archive_ops *ops(void)
{
	if (&docconv_archive_libarchive)
		return &docconv_archive_libarchive;
	return docconv_module_load(&archive_module) ? archive_symbols[0] : NULL;
}

static docconv_status not_loaded(docconv_diag *d)
{
	return docconv_fail(d, DOCCONV_ERR_INTERNAL,
	                    "the archive reader cannot be loaded: %s",
	                    archive_module.why);
}

/* --- by name and by content ------------------------------------------- */

/* Signatures: zip (a local header, or the end record of an empty one),
 * 7z, gzip, bzip2, xz, zstd. */
static const struct {
	const char *magic;
	size_t len;
} signatures[] = {
	{ "PK\3\4", 4 }, { "PK\5\6", 4 }, { "7z\xBC\xAF\x27\x1C", 6 },
	{ "\x1F\x8B", 2 }, { "BZh", 3 }, { "\xFD" "7zXZ\0", 6 },
	{ "\x28\xB5\x2F\xFD", 4 },
};
/* A tar header's magic: "ustar" at byte 257 (POSIX and GNU). */
#define TAR_MAGIC_AT 257

int docconv_archive_sniff(const unsigned char *head, size_t n)
{
	for (size_t i = 0; i < sizeof signatures / sizeof *signatures; i++)
		if (n >= signatures[i].len &&
		    memcmp(head, signatures[i].magic, signatures[i].len) == 0)
			return 1;
	return n >= TAR_MAGIC_AT + 5 && memcmp(head + TAR_MAGIC_AT, "ustar", 5) == 0;
}

static const char *const extensions[] = {
	".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst", ".tgz", ".tbz2", ".txz",
	".tzst", ".tar", ".zip", ".7z",
};

size_t docconv_archive_stem(const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
		size_t k = strlen(extensions[i]);
		if (n > k && strcasecmp(name + n - k, extensions[i]) == 0)
			return n - k;
	}
	return n;
}

int docconv_archive_has_extension(const char *name)
{
	return docconv_archive_stem(name) != strlen(name);
}

/* --- through the module ----------------------------------------------- */

docconv_status docconv_archive_open(docconv_archive **out, docconv_source *src,
                                    const char *name, docconv_diag *d)
{
	*out = NULL;
	return ops() ? ops()->open(out, src, name, d) : not_loaded(d);
}

docconv_status docconv_archive_next(docconv_archive *a,
                                    docconv_archive_entry *e, int *done,
                                    docconv_diag *d)
{
	return ops()->next(a, e, done, d);
}

long long docconv_archive_read(void *a, void *buf, size_t n)
{
	return ops()->read(a, buf, n);
}

const char *docconv_archive_error(docconv_archive *a)
{
	return ops()->error(a);
}

void docconv_archive_counts(docconv_archive *a, uint64_t *packed,
                            uint64_t *unpacked)
{
	ops()->counts(a, packed, unpacked);
}

void docconv_archive_close(docconv_archive *a)
{
	if (a)
		ops()->close(a);
}

docconv_status docconv_zip_writer_new(docconv_zip_writer **out,
                                      docconv_sink *sink, const char *name,
                                      docconv_diag *d)
{
	*out = NULL;
	return ops() ? ops()->zip_new(out, sink, name, d) : not_loaded(d);
}

docconv_status docconv_zip_writer_add(docconv_zip_writer *z, const char *path,
                                      const unsigned char *data, size_t n,
                                      int64_t mtime, docconv_diag *d)
{
	return ops()->zip_add(z, path, data, n, mtime, d);
}

docconv_status docconv_zip_writer_finish(docconv_zip_writer *z,
                                         docconv_diag *d)
{
	return ops()->zip_finish(z, d);
}

void docconv_zip_writer_free(docconv_zip_writer *z)
{
	if (z)
		ops()->zip_free(z);
}

void docconv_archive_versions(FILE *f)
{
	if (ops())
		ops()->versions(f);
	else
		fprintf(f, "archive reader not loadable: %s\n", archive_module.why);
}
