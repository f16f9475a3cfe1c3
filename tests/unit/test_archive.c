/* test_archive.c — archives (formats/archive/archive.h): telling one by its
 * name and first bytes; the zip writer, read back with libzip and with the
 * reader; reading a stream, which cannot seek. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "check.h"
#include "conv/core/sink.h"
#include "conv/core/source.h"
#include "formats/archive/archive.h"

/* 2023-11-14 22:13:20 UTC: an even second, as DOS times are. */
#define T0 1700000000
/* Past what a zip without zip64 records holds. */
#define MANY_ENTRIES 65537u

static const char text[] =
	"{\"title\": \"x\"} {\"title\": \"x\"} {\"title\": \"x\"} 新闻新闻新闻新闻";

/* Writes three entries (text, incompressible bytes, empty) to memory and
 * returns the archive. */
static unsigned char *build(size_t *len, const unsigned char *noise, size_t nn)
{
	docconv_sink *sink = NULL;
	docconv_zip_writer *z = NULL;
	docconv_diag d;
	docconv_diag_init(&d, NULL);
	CHECK(docconv_sink_open_memory(&sink) == DOCCONV_OK);
	CHECK(docconv_zip_writer_new(&z, sink, "t.zip", &d) == DOCCONV_OK);
	CHECK(docconv_zip_writer_add(z, "dir/a.json", (const unsigned char *)text,
	                             sizeof text - 1, T0, &d) == DOCCONV_OK);
	CHECK(docconv_zip_writer_add(z, "新闻/b.bin", noise, nn, T0 + 3600, &d) ==
	      DOCCONV_OK);
	CHECK(docconv_zip_writer_add(z, "empty", NULL, 0, 0, &d) == DOCCONV_OK);
	CHECK(docconv_zip_writer_finish(z, &d) == DOCCONV_OK);
	unsigned char *data = docconv_sink_take(sink, len);
	docconv_sink_close(sink, &d);
	docconv_zip_writer_free(z);
	CHECK(d.n_entries == 0);
	docconv_diag_free(&d);
	return data;
}

static void check_entry(zip_t *za, const char *name, const void *want, size_t n)
{
	zip_stat_t st;
	zip_stat_init(&st);
	CHECK(zip_stat(za, name, 0, &st) == 0);
	CHECK(st.size == n);
	zip_file_t *f = zip_fopen(za, name, 0);
	CHECK(f != NULL);
	if (!f)
		return;
	char *buf = malloc(n + 1);
	CHECK(zip_fread(f, buf, n + 1) == (zip_int64_t)n);
	CHECK(n == 0 || memcmp(buf, want, n) == 0);
	free(buf);
	zip_fclose(f);
}

/* A source over memory, which cannot seek: as a pipe. */
typedef struct mem {
	const unsigned char *p;
	size_t n, at;
} mem;

static long long read_mem(void *ctx, void *buf, size_t n)
{
	mem *m = ctx;
	if (n > m->n - m->at)
		n = m->n - m->at;
	memcpy(buf, m->p + m->at, n);
	m->at += n;
	return (long long)n;
}

/* Reads the archive back as a stream: the names, sizes and data. */
static void read_back(const unsigned char *zip, size_t len,
                      const unsigned char *noise, size_t nn)
{
	mem m = { zip, len, 0 };
	docconv_source src;
	docconv_archive *a = NULL;
	docconv_archive_entry e;
	docconv_diag d;
	int done = 0, n = 0;
	docconv_diag_init(&d, NULL);
	docconv_source_fn(&src, read_mem, &m);
	CHECK(docconv_archive_open(&a, &src, "t.zip", &d) == DOCCONV_OK);
	while (a && docconv_archive_next(a, &e, &done, &d) == DOCCONV_OK && !done) {
		char buf[8192];
		long long got = 0, r;
		while ((r = docconv_archive_read(a, buf + got, sizeof buf - (size_t)got)) > 0)
			got += r;
		CHECK(e.kind == DOCCONV_ENTRY_FILE && !e.encrypted);
		if (n == 0) {
			CHECK_STR(e.name, "dir/a.json");
			CHECK(got == (long long)sizeof text - 1 &&
			      memcmp(buf, text, sizeof text - 1) == 0);
			CHECK(e.mtime == T0);
		} else if (n == 1) {
			CHECK_STR(e.name, "新闻/b.bin");
			CHECK(got == (long long)nn && memcmp(buf, noise, nn) == 0);
		} else {
			CHECK_STR(e.name, "empty");
			CHECK(got == 0);
		}
		n++;
	}
	CHECK(done && n == 3);
	docconv_archive_close(a);
	docconv_diag_free(&d);
}

int main(void)
{
	/* The zip writer's DOS times come from localtime(): the program runs
	 * in UTC (conv/cli/main.c), and so does this test. */
	setenv("TZ", "UTC0", 1);
	tzset();

	CHECK(docconv_archive_sniff((const unsigned char *)"PK\3\4xx", 6));
	CHECK(docconv_archive_sniff((const unsigned char *)"\x1F\x8B\x08", 3));
	CHECK(docconv_archive_sniff((const unsigned char *)"\xFD" "7zXZ\0", 6));
	CHECK(docconv_archive_sniff((const unsigned char *)"7z\xBC\xAF\x27\x1C", 6));
	CHECK(!docconv_archive_sniff((const unsigned char *)"PK is a name", 12));
	unsigned char tar[512] = "a.txt";
	memcpy(tar + 257, "ustar", 5);
	CHECK(docconv_archive_sniff(tar, sizeof tar));
	CHECK(!docconv_archive_sniff(tar, 200));
	CHECK(docconv_archive_has_extension("x/June.TAR.GZ"));
	CHECK(docconv_archive_has_extension("a.7z") && docconv_archive_has_extension("a.tzst"));
	CHECK(!docconv_archive_has_extension("story.txt") &&
	      !docconv_archive_has_extension(".zip"));
	CHECK(docconv_archive_stem("june.tar.xz") == 4);
	CHECK(docconv_archive_stem("june.txt") == 8);

	size_t nn = 5000, len1, len2;
	unsigned char *noise = malloc(nn);
	unsigned long x = 12345;
	for (size_t i = 0; i < nn; i++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		noise[i] = (unsigned char)(x >> 56);
	}
	unsigned char *a = build(&len1, noise, nn);
	unsigned char *b = build(&len2, noise, nn);
	CHECK(len1 == len2 && memcmp(a, b, len1) == 0);
	read_back(a, len1, noise, nn);

	char path[] = "/tmp/test_archive.XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0 && write(fd, a, len1) == (ssize_t)len1);
	close(fd);
	int err = 0;
	/* Not ZIP_CHECKCONS: libarchive writes each entry's CRC and sizes in a
	 * data descriptor after its data, as streaming writers do, and that
	 * check wants them in the local header as well. */
	zip_t *za = zip_open(path, ZIP_RDONLY, &err);
	CHECK(za != NULL);
	if (za) {
		CHECK(zip_get_num_entries(za, 0) == 3);
		check_entry(za, "dir/a.json", text, sizeof text - 1);
		check_entry(za, "新闻/b.bin", noise, nn);
		check_entry(za, "empty", "", 0);
		CHECK_STR(zip_get_name(za, 0, 0), "dir/a.json");
		CHECK_STR(zip_get_name(za, 2, 0), "empty");
		zip_stat_t s0, s1;
		zip_stat_index(za, 0, 0, &s0);
		zip_stat_index(za, 1, 0, &s1);
		CHECK(s0.mtime == T0 && s1.mtime - s0.mtime == 3600);
		zip_uint8_t opsys;
		zip_uint32_t attr;
		CHECK(zip_file_get_external_attributes(za, 0, 0, &opsys, &attr) == 0);
		CHECK(opsys == ZIP_OPSYS_UNIX && (attr >> 16) == 0100644);
		zip_discard(za);
	}
	unlink(path);

	/* Past 65,535 entries, zip64 records: a reader still finds them all. */
	docconv_sink *sink = NULL;
	docconv_zip_writer *z = NULL;
	docconv_diag d;
	docconv_diag_init(&d, NULL);
	docconv_sink_open_memory(&sink);
	CHECK(docconv_zip_writer_new(&z, sink, "big.zip", &d) == DOCCONV_OK);
	docconv_status st = DOCCONV_OK;
	char name[32];
	for (unsigned i = 0; st == DOCCONV_OK && i < MANY_ENTRIES; i++) {
		snprintf(name, sizeof name, "e%u", i);
		st = docconv_zip_writer_add(z, name, (const unsigned char *)"x", 1, T0, &d);
	}
	CHECK(st == DOCCONV_OK && docconv_zip_writer_finish(z, &d) == DOCCONV_OK);
	size_t big_len;
	unsigned char *big = docconv_sink_take(sink, &big_len);
	docconv_sink_discard(sink);
	docconv_zip_writer_free(z);
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *zs = zip_source_buffer_create(big, big_len, 0, &ze);
	za = zs ? zip_open_from_source(zs, ZIP_RDONLY, &ze) : NULL;
	CHECK(za && zip_get_num_entries(za, 0) == MANY_ENTRIES);
	if (za)
		zip_discard(za);
	else
		zip_source_free(zs);
	zip_error_fini(&ze);
	free(big);
	docconv_diag_free(&d);

	free(a);
	free(b);
	free(noise);
	return check_report("archive");
}
