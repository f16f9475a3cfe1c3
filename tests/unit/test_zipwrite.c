/* test_zipwrite.c — the streaming zip writer (conv/zipwrite.h), read back
 * with libzip. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "check.h"
#include "sink.h"
#include "zipwrite.h"

/* 2023-11-14 22:13:20 UTC: an even second, as DOS times are. */
#define T0 1700000000

/* Writes three entries (text, incompressible bytes, empty) to memory and
 * returns the archive. */
static unsigned char *build(size_t *len, const unsigned char *noise, size_t nn)
{
	docconv_sink *sink = NULL;
	docconv_zipw *z = NULL;
	docconv_diag d;
	docconv_diag_init(&d, NULL);
	static const char text[] =
		"{\"title\": \"x\"} {\"title\": \"x\"} {\"title\": \"x\"} 新闻新闻新闻新闻";
	CHECK(docconv_sink_open_memory(&sink) == DOCCONV_OK);
	CHECK(docconv_zipw_new(&z, sink, "t.zip") == DOCCONV_OK);
	CHECK(docconv_zipw_add(z, "dir/a.json", (const unsigned char *)text,
	                       sizeof text - 1, T0, &d) == DOCCONV_OK);
	CHECK(docconv_zipw_add(z, "新闻/b.bin", noise, nn, T0 + 3600, &d) ==
	      DOCCONV_OK);
	CHECK(docconv_zipw_add(z, "empty", NULL, 0, 0, &d) == DOCCONV_OK);
	CHECK(docconv_zipw_finish(z, &d) == DOCCONV_OK);
	unsigned char *data = docconv_sink_take(sink, len);
	docconv_sink_close(sink, &d);
	docconv_zipw_free(z);
	docconv_diag_free(&d);
	return data;
}

static void check_entry(zip_t *za, const char *name, const void *want,
                        size_t n, zip_uint16_t method)
{
	zip_stat_t st;
	zip_stat_init(&st);
	CHECK(zip_stat(za, name, 0, &st) == 0);
	CHECK(st.size == n);
	CHECK(st.comp_method == method);
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

int main(void)
{
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

	char path[] = "/tmp/test_zipwrite.XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0 && write(fd, a, len1) == (ssize_t)len1);
	close(fd);
	int err = 0;
	zip_t *za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &err);
	CHECK(za != NULL);
	if (za) {
		CHECK(zip_get_num_entries(za, 0) == 3);
		static const char text[] =
			"{\"title\": \"x\"} {\"title\": \"x\"} {\"title\": \"x\"} 新闻新闻新闻新闻";
		check_entry(za, "dir/a.json", text, sizeof text - 1, ZIP_CM_DEFLATE);
		check_entry(za, "新闻/b.bin", noise, nn, ZIP_CM_STORE);
		check_entry(za, "empty", "", 0, ZIP_CM_STORE);
		CHECK_STR(zip_get_name(za, 0, 0), "dir/a.json");
		CHECK_STR(zip_get_name(za, 2, 0), "empty");
		/* Times are UTC; libzip reads them as local time, so compare
		 * the gap between two entries, which no zone changes. */
		zip_stat_t s0, s1;
		zip_stat_index(za, 0, 0, &s0);
		zip_stat_index(za, 1, 0, &s1);
		CHECK(s1.mtime - s0.mtime == 3600);
		zip_uint8_t opsys;
		zip_uint32_t attr;
		CHECK(zip_file_get_external_attributes(za, 0, 0, &opsys, &attr) == 0);
		CHECK(opsys == ZIP_OPSYS_UNIX && (attr >> 16) == 0100644);
		zip_discard(za);
	}
	unlink(path);

	/* Past the entry count a zip without zip64 holds: a clear error. */
	docconv_sink *sink = NULL;
	docconv_zipw *z = NULL;
	docconv_diag d;
	docconv_diag_init(&d, NULL);
	docconv_sink_open_memory(&sink);
	docconv_zipw_new(&z, sink, "big.zip");
	docconv_status st = DOCCONV_OK;
	unsigned added = 0;
	char name[32];
	while (st == DOCCONV_OK && added <= DOCCONV_ZIPW_MAX_ENTRIES) {
		snprintf(name, sizeof name, "e%u", added);
		if ((st = docconv_zipw_add(z, name, NULL, 0, T0, &d)) == DOCCONV_OK)
			added++;
	}
	CHECK(st == DOCCONV_ERR_LIMIT);
	CHECK(added == DOCCONV_ZIPW_MAX_ENTRIES);
	CHECK(d.n_errors == 1 && strstr(d.entries[0].message, "zip64"));
	CHECK(docconv_zipw_finish(z, &d) == DOCCONV_OK);
	docconv_sink_discard(sink);
	docconv_zipw_free(z);
	docconv_diag_free(&d);

	free(a);
	free(b);
	free(noise);
	return check_report("zipwrite");
}
