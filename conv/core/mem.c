/* mem.c — string copies and array growth (mem.h). */
#include "mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

char *docconv_strndup(const char *s, size_t n)
{
	if (n == SIZE_MAX)
		return NULL;
	char *c = malloc(n + 1);
	if (!c)
		return NULL;
	if (n)
		memcpy(c, s, n);
	c[n] = '\0';
	return c;
}

char *docconv_strdup(const char *s)
{
	return docconv_strndup(s, strlen(s));
}

int docconv_array_reserve(void **items, size_t *cap, size_t want, size_t size)
{
	if (want <= *cap)
		return 0;
	if (size == 0 || want > SIZE_MAX / size)
		return -1;
	size_t c = *cap ? *cap : DOCCONV_ARRAY_FIRST;
	while (c < want)
		c = c > SIZE_MAX / 2 ? want : 2 * c;
	if (c > SIZE_MAX / size)
		c = want;
	void *grown = realloc(*items, c * size);
	if (!grown)
		return -1;
	*items = grown;
	*cap = c;
	return 0;
}
