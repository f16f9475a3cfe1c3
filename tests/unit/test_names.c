/* test_names.c — the entry-name sanitiser, natural order, the shard hash
 * and collision suffixes (conv/names.h). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "conv/core/names.h"

/* The sanitised form of a NUL-terminated name, or "REFUSED". */
static const char *safe(const char *raw)
{
	static char out[DOCCONV_NAME_MAX + 1];
	unsigned changes;
	const char *why;
	if (docconv_name_sanitize(raw, strlen(raw), out, sizeof out, &changes,
	                          &why) != DOCCONV_OK)
		return "REFUSED";
	return out;
}

static unsigned changes_of(const char *raw)
{
	char out[DOCCONV_NAME_MAX + 1];
	unsigned changes = 0;
	const char *why;
	docconv_name_sanitize(raw, strlen(raw), out, sizeof out, &changes, &why);
	return changes;
}

/* Every accepted name must be relative, with no empty, "." or ".." part
 * and no control byte: checked on each case below as well. */
static int is_confined(const char *s)
{
	if (!*s || *s == '/')
		return 0;
	for (const char *p = s; *p;) {
		const char *e = strchr(p, '/');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == 0 || (len == 1 && p[0] == '.') ||
		    (len == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f || p[i] == '\\')
				return 0;
		p += len + (e ? 1 : 0);
	}
	return 1;
}

static void test_sanitize(void)
{
	CHECK_STR(safe("a.txt"), "a.txt");
	CHECK_STR(safe("dir/sub/a.txt"), "dir/sub/a.txt");
	CHECK_STR(safe("./dir//a.txt"), "dir/a.txt");
	CHECK_STR(safe("../../evil.txt"), "REFUSED");
	CHECK_STR(safe("a/../../evil.txt"), "REFUSED");
	CHECK_STR(safe("a/.."), "REFUSED");
	CHECK_STR(safe("..\\evil.txt"), "REFUSED");
	CHECK_STR(safe("/tmp/x.txt"), "tmp/x.txt");
	CHECK(changes_of("/tmp/x.txt") & DOCCONV_NAME_ABSOLUTE);
	CHECK_STR(safe("//server/share/x.txt"), "server/share/x.txt");
	CHECK_STR(safe("C:\\x.txt"), "x.txt");
	CHECK(changes_of("C:\\x.txt") & DOCCONV_NAME_DRIVE);
	CHECK(changes_of("C:\\x.txt") & DOCCONV_NAME_BACKSLASH);
	CHECK_STR(safe("c:x.txt"), "x.txt");
	/* A drive that would still start the result goes too. */
	CHECK_STR(safe("C:C:x.txt"), "x.txt");
	CHECK_STR(safe("./D:\\x.txt"), "x.txt");
	CHECK_STR(safe("C:C:"), "REFUSED");
	CHECK_STR(safe("a/C:x.txt"), "a/C:x.txt");
	CHECK_STR(safe("dir\\sub\\a.txt"), "dir/sub/a.txt");
	CHECK_STR(safe("a\x1b[31m.txt"), "a_[31m.txt");
	CHECK(changes_of("a\x1b[31m.txt") & DOCCONV_NAME_CONTROL);
	CHECK_STR(safe("a\x7f.txt"), "a_.txt");
	CHECK_STR(safe("a\xc2\x9b.txt"), "a_.txt");          /* C1 CSI */
	CHECK_STR(safe("bad\xff\xfe.txt"), "bad__.txt");
	CHECK(changes_of("bad\xff.txt") & DOCCONV_NAME_ENCODING);
	CHECK_STR(safe("新闻/报道.txt"), "新闻/报道.txt");
	CHECK_STR(safe(""), "REFUSED");
	CHECK_STR(safe("/"), "REFUSED");
	CHECK_STR(safe("./."), "REFUSED");
	CHECK_STR(safe("C:"), "REFUSED");
	CHECK(changes_of("a.txt") == 0);

	/* A NUL inside the given length is refused, not cut there. */
	char out[DOCCONV_NAME_MAX + 1];
	unsigned ch;
	const char *why = NULL;
	CHECK(docconv_name_sanitize("a.txt\0../x", 10, out, sizeof out, &ch, &why) ==
	      DOCCONV_ERR_INPUT);
	CHECK(why != NULL);

	/* Length and depth limits. */
	char longpart[DOCCONV_NAME_MAX_PART + 2];
	memset(longpart, 'x', sizeof longpart - 1);
	longpart[sizeof longpart - 1] = '\0';
	CHECK_STR(safe(longpart), "REFUSED");
	longpart[DOCCONV_NAME_MAX_PART] = '\0';
	CHECK(strlen(safe(longpart)) == DOCCONV_NAME_MAX_PART);
	char deep[4 * (DOCCONV_NAME_MAX_DEPTH + 1) + 1] = "";
	for (int i = 0; i <= DOCCONV_NAME_MAX_DEPTH; i++)
		strcat(deep, "d/");
	strcat(deep, "x");
	CHECK_STR(safe(deep), "REFUSED");
	char toolong[2 * DOCCONV_NAME_MAX];
	size_t o = 0;
	while (o + 101 < sizeof toolong - 1) {
		memset(toolong + o, 'y', 100);
		toolong[o + 100] = '/';
		o += 101;
	}
	toolong[o] = 'z';
	toolong[o + 1] = '\0';
	CHECK_STR(safe(toolong), "REFUSED");

	/* A buffer that is too small is refused rather than overrun. */
	char small[8];
	CHECK(docconv_name_sanitize("a.txt", 5, small, sizeof small, &ch, &why) !=
	      DOCCONV_OK);

	/* Confinement over a sweep of hostile shapes. */
	static const char *const hostile[] = {
		"a/./b/../c.txt", "...", "..../x", ". /x", "a/.../b", "\\\\?\\C:\\x",
		"//", "a//b", "a\\..\\b", "~/x.txt", "\x01\x02", "a/\xe2\x80/b",
		" /x", "x/ ", "C:/../x",
	};
	for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
		const char *s = safe(hostile[i]);
		CHECK(strcmp(s, "REFUSED") == 0 || is_confined(s));
	}
}

static void test_escape(void)
{
	char out[64];
	docconv_name_escape("a\x1b[1m\\b", 7, out, sizeof out);
	CHECK_STR(out, "a\\x1b[1m\\x5cb");
	docconv_name_escape("x\xff", 2, out, sizeof out);
	CHECK_STR(out, "x\\xff");
	docconv_name_escape("新闻", strlen("新闻"), out, sizeof out);
	CHECK_STR(out, "新闻");
	char tiny[8];
	docconv_name_escape("abcdefghijkl", 12, tiny, sizeof tiny);
	CHECK_STR(tiny, "abcd...");
}

static void test_filters(void)
{
	CHECK(docconv_name_is_hidden(".x.txt"));
	CHECK(docconv_name_is_hidden("a/.git/x.txt"));
	CHECK(docconv_name_is_hidden("__MACOSX/a/._x.txt"));
	CHECK(docconv_name_is_hidden("a\\.x.txt"));
	CHECK(!docconv_name_is_hidden("a/b.x.txt"));
	CHECK(!docconv_name_is_hidden("a/__MACOSX/x.txt"));
	CHECK(!docconv_name_is_hidden("__MACOSXY/x.txt"));
	CHECK(!docconv_name_is_hidden("../../evil.txt"));
	CHECK(!docconv_name_is_hidden("./a/../b.txt"));
	CHECK(docconv_name_is_hidden("a/.../b.txt"));
	CHECK(docconv_name_is_hidden("..x/b.txt"));
	CHECK(docconv_name_has_extension("a/b.TXT", "txt"));
	CHECK(docconv_name_has_extension("a.b.txt", "txt"));
	CHECK(!docconv_name_has_extension("a.txt/b", "txt"));
	CHECK(!docconv_name_has_extension(".txt", "txt"));
	CHECK(!docconv_name_has_extension("a.txtx", "txt"));
	CHECK(!docconv_name_has_extension("atxt", "txt"));
}

static void test_extension(void)
{
	char *s;
	CHECK_STR(s = docconv_name_with_extension("d/a.txt", "epub"), "d/a.epub");
	free(s);
	CHECK_STR(s = docconv_name_with_extension("d.x/a", "pdf"), "d.x/a.pdf");
	free(s);
	CHECK_STR(s = docconv_name_with_extension("d/.rc", "json"), "d/.rc.json");
	free(s);
	CHECK_STR(s = docconv_name_with_extension("a.b.txt", "json"), "a.b.json");
	free(s);
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void test_natural(void)
{
	CHECK(docconv_name_natural_cmp("a2", "a10") < 0);
	CHECK(docconv_name_natural_cmp("a10", "a2") > 0);
	CHECK(docconv_name_natural_cmp("a2.txt", "a2.txt") == 0);
	CHECK(docconv_name_natural_cmp("ch9/z", "ch10/a") < 0);
	CHECK(docconv_name_natural_cmp("a/x", "a-b") < 0);   /* '/' first */
	CHECK(docconv_name_natural_cmp("a1", "a01") < 0);    /* tie: fewer zeros */
	CHECK(docconv_name_natural_cmp("a01", "a1") > 0);
	CHECK(docconv_name_natural_cmp("a01b", "a1c") < 0);  /* text decides first */
	CHECK(docconv_name_natural_cmp("x", "x1") < 0);
	CHECK(docconv_name_natural_cmp("99999999999999999999999", "1") > 0);
	CHECK(docconv_name_natural_cmp("B", "a") < 0);       /* bytes, no locale */

	/* A total order: antisymmetric and transitive over a sample. */
	static const char *const v[] = { "a", "a1", "a01", "a2", "a10", "a/b",
	                                 "a-b", "b", "A", "a001", "10", "9", "" };
	size_t n = sizeof v / sizeof *v;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			int ij = docconv_name_natural_cmp(v[i], v[j]);
			CHECK(sign(ij) == -sign(docconv_name_natural_cmp(v[j], v[i])));
			CHECK((ij == 0) == (i == j));
			for (size_t k = 0; k < n; k++)
				if (ij < 0 && docconv_name_natural_cmp(v[j], v[k]) < 0)
					CHECK(docconv_name_natural_cmp(v[i], v[k]) < 0);
		}
}

static void test_hash(void)
{
	/* Published FNV-1a 64 test vectors. */
	CHECK(docconv_name_hash("", 0) == 0xcbf29ce484222325ULL);
	CHECK(docconv_name_hash("a", 1) == 0xaf63dc4c8601ec8cULL);
	CHECK(docconv_name_hash("foobar", 6) == 0x85944171f73967e8ULL);
}

/* Copies of in[0..n), as make_unique takes names it may free. */
static void copy_names(const char *const *in, size_t n, char **names)
{
	for (size_t i = 0; i < n; i++) {
		names[i] = malloc(strlen(in[i]) + 1);
		strcpy(names[i], in[i]);
	}
}

static void test_unique(void)
{
	const char *in[] = { "a.json", "b.json", "a.json", "a~2.json", "a.json",
	                     "d/x", "d/x", "d.v/y.json", "d.v/y.json" };
	size_t n = sizeof in / sizeof *in;
	char *names[sizeof in / sizeof *in];
	copy_names(in, n, names);
	CHECK(docconv_names_make_unique(names, n) == DOCCONV_OK);
	CHECK_STR(names[0], "a.json");
	CHECK_STR(names[1], "b.json");
	CHECK_STR(names[2], "a~3.json");   /* a~2.json is taken by a later entry */
	CHECK_STR(names[3], "a~2.json");
	CHECK_STR(names[4], "a~4.json");
	CHECK_STR(names[5], "d/x");
	CHECK_STR(names[6], "d/x~2");
	CHECK_STR(names[7], "d.v/y.json");
	CHECK_STR(names[8], "d.v/y~2.json");
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			CHECK(strcmp(names[i], names[j]) != 0);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	CHECK(docconv_names_make_unique(NULL, 0) == DOCCONV_OK);
}

/* A file and a folder of one name ("a.json" from a.txt, "a.json/x.json"
 * from a.json/x.txt) cannot stand side by side in a folder or a zip: the
 * file is renamed, whichever comes first, and never to a folder's name. */
static void test_unique_folders(void)
{
	static const char *const in[] = {
		"a.json/x.json", "a.json", "b/c/d.json", "b/c", "b", "a~2.json/y.json",
		"e.json", "e.json/f.json",
	};
	size_t n = sizeof in / sizeof *in;
	char *names[sizeof in / sizeof *in];
	copy_names(in, n, names);
	CHECK(docconv_names_make_unique(names, n) == DOCCONV_OK);
	CHECK_STR(names[0], "a.json/x.json");
	CHECK_STR(names[1], "a~3.json");     /* a~2.json is a folder */
	CHECK_STR(names[2], "b/c/d.json");
	CHECK_STR(names[3], "b/c~2");
	CHECK_STR(names[4], "b~2");
	CHECK_STR(names[5], "a~2.json/y.json");
	CHECK_STR(names[6], "e~2.json");
	CHECK_STR(names[7], "e.json/f.json");
	for (size_t i = 0; i < n; i++) {
		size_t li = strlen(names[i]);
		for (size_t j = 0; j < n; j++)
			CHECK(i == j || strcmp(names[i], names[j]) != 0);
		for (size_t j = 0; j < n; j++)
			CHECK(strncmp(names[j], names[i], li) != 0 || names[j][li] != '/');
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
}

/* --split: the articles' names, and names kept apart from them. */
static void test_split_names(void)
{
	char *a = docconv_name_article("d/page.epub", 0);
	char *b = docconv_name_article("d.v/page", 11);
	CHECK_STR(a, "d/page-1.epub");
	CHECK_STR(b, "d.v/page-12");
	free(a);
	free(b);
	const char *in[] = {
		"p-1.json",     /* an article of p.json could take it */
		"p.json",
		"p-1~2.json",   /* taken already: the renamed one goes on to ~3 */
		"q-0.json",     /* no article is numbered 0 */
		"q.json",
		"x/-1.json",    /* "-1" alone is no article's name */
		"x/.json",
		"r-2.json",     /* no r.json */
		"s-3-1.json",   /* an article of s-3.json, itself one of s.json's */
		"s-3.json",
		"s.json",
		"p.json",       /* a duplicate */
	};
	size_t n = sizeof in / sizeof *in;
	char *names[sizeof in / sizeof *in];
	copy_names(in, n, names);
	CHECK(docconv_names_make_unique_split(names, n) == DOCCONV_OK);
	CHECK_STR(names[0], "p-1~3.json");
	CHECK_STR(names[1], "p.json");
	CHECK_STR(names[2], "p-1~2.json");
	CHECK_STR(names[3], "q-0.json");
	CHECK_STR(names[5], "x/-1.json");
	CHECK_STR(names[7], "r-2.json");
	CHECK_STR(names[8], "s-3-1~2.json");
	CHECK_STR(names[9], "s-3~2.json");
	CHECK_STR(names[11], "p~2.json");
	/* No name is another's or an article's of another. */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			char *art = docconv_name_article(names[j], i % 3);
			CHECK(i == j || strcmp(names[i], names[j]) != 0);
			CHECK(i == j || strcmp(names[i], art) != 0);
			free(art);
		}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	CHECK(docconv_names_make_unique_split(NULL, 0) == DOCCONV_OK);
}

int main(void)
{
	test_sanitize();
	test_escape();
	test_filters();
	test_extension();
	test_natural();
	test_hash();
	test_unique();
	test_unique_folders();
	test_split_names();
	return check_report("names");
}
