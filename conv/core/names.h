/* names.h — the names of a batch's entries: making an archive's entry name
 * safe to write under an output folder, ordering names the way people
 * number files, and a stable hash for splitting a batch across machines.
 *
 * Everything here is pure (no file system, no globals), so a fuzz harness
 * can call it with any bytes.
 *
 * What docconv_name_sanitize does to a name (raw bytes, any length):
 *   - a NUL byte anywhere: refused (a C string would silently end there);
 *   - '\' is a separator, as Windows archivers write it;
 *   - a drive letter ("C:") and leading separators are dropped, so
 *     "/tmp/x.txt" becomes "tmp/x.txt" and "C:\x.txt" becomes "x.txt";
 *     so is a drive that would still start the result ("C:C:x", "./C:x"),
 *     which makes sanitising a safe name give it back unchanged;
 *   - empty and "." parts are dropped; a ".." part is refused;
 *   - control characters (C0, DEL, C1) and bytes that are not UTF-8 become
 *     '_', so a name can neither hide in nor drive a terminal;
 *   - a part longer than DOCCONV_NAME_MAX_PART bytes, more than
 *     DOCCONV_NAME_MAX_DEPTH parts, or a result over DOCCONV_NAME_MAX bytes:
 *     refused.
 * The result is a relative path of '/'-separated, non-empty parts of valid
 * UTF-8 none of which is "." or "..": joined to a folder it stays inside it.
 */
#ifndef DOCCONV_NAMES_H
#define DOCCONV_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* The longest sanitised path, in bytes; longer archive names are refused.
 * Well under PATH_MAX so that the output folder fits in front of it. */
#define DOCCONV_NAME_MAX 1024
/* The longest part (folder or file name). NAME_MAX is 255; this leaves room
 * for a new extension, a "~N" suffix and the temporary name the file sink
 * may write first (".NAME.docconv-XXXXXX", sink.h). */
#define DOCCONV_NAME_MAX_PART 200
/* The most parts in a name: deeper trees are not articles, and each level is
 * a directory to create. */
#define DOCCONV_NAME_MAX_DEPTH 32

/* What sanitising changed, for a warning. */
enum {
	DOCCONV_NAME_ABSOLUTE = 1u << 0,   /* leading '/' or '\' dropped */
	DOCCONV_NAME_DRIVE = 1u << 1,      /* "C:" dropped */
	DOCCONV_NAME_BACKSLASH = 1u << 2,  /* '\' read as a separator */
	DOCCONV_NAME_CONTROL = 1u << 3,    /* control characters replaced */
	DOCCONV_NAME_ENCODING = 1u << 4    /* bytes not in UTF-8 replaced */
};

/* Writes the safe form of raw[0..n) to out (NUL-terminated; out_size must be
 * at least DOCCONV_NAME_MAX + 1). Returns DOCCONV_OK with *changes set to
 * what changed, or DOCCONV_ERR_INPUT with *why a short static reason. */
docconv_status docconv_name_sanitize(const char *raw, size_t n, char *out,
                                     size_t out_size, unsigned *changes,
                                     const char **why);

/* Appends raw[0..n) to out for a message, with control characters, '\' and
 * bytes that are not UTF-8 written as \xNN; never longer than out_size - 1
 * (cut with "..."). */
void docconv_name_escape(const char *raw, size_t n, char *out,
                         size_t out_size);

/* Whether a name (either separator) has a part starting with '.' (other
 * than "." and ".."), or starts with the "__MACOSX" folder that macOS
 * archivers add. */
int docconv_name_is_hidden(const char *name);
/* Whether the last part of `name` ends with "." `ext` (ASCII, any case). */
int docconv_name_has_extension(const char *name, const char *ext);

/* `rel` with its extension (if its last part has one that does not start
 * it) replaced by `ext`, in a new string; NULL when out of memory. */
char *docconv_name_with_extension(const char *rel, const char *ext);

/* Natural order: runs of digits compare by value (a2 < a10), '/' sorts
 * before every other byte (a folder's files stay together), then byte
 * order. Locale-free, so every machine sorts the same way. */
int docconv_name_natural_cmp(const char *a, const char *b);

/* FNV-1a, 64 bits: stable across machines and versions. */
uint64_t docconv_name_hash(const char *s, size_t n);

/* Makes names[0..n) distinct in place, keeping order: the first of equal
 * names keeps it, later ones become "stem~2.ext", "stem~3.ext"... skipping
 * any name already in the list. A name that is also a folder of another
 * ("a.json" and "a.json/x.json") is renamed the same way, whatever the
 * order, so the names can be files side by side in a folder or a zip.
 * Replaced strings are freed. */
docconv_status docconv_names_make_unique(char **names, size_t n);

/* --split: the name of article `index` (0-based) of a page whose output
 * would be `rel`: "dir/page.epub" gives "dir/page-1.epub", "dir/page-2.epub"
 * ... in a new string; NULL when out of memory. */
char *docconv_name_article(const char *rel, size_t index);
/* docconv_names_make_unique for a --split run: also renames ("~2") every
 * name that an article of another could take ("a-2.epub" beside "a.epub",
 * whose page may hold two articles), so no output can overwrite another
 * whatever the pages hold. */
docconv_status docconv_names_make_unique_split(char **names, size_t n);

#endif
