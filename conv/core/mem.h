/* mem.h — the two allocation helpers every layer shares: a string copy and
 * room for one more item in a growing array. One of each, so an
 * out-of-memory path is written (and tested) once.
 */
#ifndef DOCCONV_MEM_H
#define DOCCONV_MEM_H

#include <stddef.h>

/* A copy of s[0..n) with a NUL after it (s need not be NUL-terminated);
 * NULL when out of memory. */
char *docconv_strndup(const char *s, size_t n);
/* A copy of the NUL-terminated `s`; NULL when out of memory. */
char *docconv_strdup(const char *s);

/* Makes room for at least `want` items of `size` bytes in *items (which
 * holds *cap): the capacity doubles from DOCCONV_ARRAY_FIRST until it is
 * enough. 0 on success; -1 when out of memory or the size would overflow,
 * with *items and *cap left as they were. */
int docconv_array_reserve(void **items, size_t *cap, size_t want, size_t size);

/* The first capacity of an array: small arrays stay small. */
#define DOCCONV_ARRAY_FIRST 16

#endif
