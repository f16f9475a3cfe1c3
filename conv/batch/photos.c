/* photos.c — a batch's pictures, for its articles' photos: an index per
 * folder or archive (conv/pipeline/photos.h), read from the folder below
 * its root without following links, or from the spool; a listed file's
 * own folder, read when its turn comes; --images DIR, read once.
 */
#include "batch_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conv/core/mem.h"

static docconv_status read_spooled(void *user, const char *rel, uint64_t at,
                                   uint64_t size, unsigned char **bytes,
                                   size_t *n, char why[DOCCONV_IMAGE_WHY_MAX])
{
	const docconv_batch *b = user;
	*bytes = NULL;
	*n = 0;
	if (at == BATCH_PHOTO_UNREAD || at == DOCCONV_PHOTO_UNLISTED) {
		snprintf(why, DOCCONV_IMAGE_WHY_MAX, "%s",
		         at == DOCCONV_PHOTO_UNLISTED ? "not in the archive"
		         : size == BATCH_PHOTO_TOO_LARGE
		                 ? "over the limit of bytes for a photo"
		         : size == BATCH_PHOTO_BOMB
		                 ? "compressed over the limit of --max-ratio"
		         : size == BATCH_PHOTO_NOT_FILE
		                 ? "a link, a folder or an encrypted entry"
		                 : "cannot be read from the archive");
		(void)rel;
		return at == BATCH_PHOTO_UNREAD && (size == BATCH_PHOTO_TOO_LARGE ||
		                                    size == BATCH_PHOTO_BOMB)
		               ? DOCCONV_ERR_LIMIT : DOCCONV_ERR_READ;
	}
	if (!(*bytes = malloc(size ? size : 1)))
		return DOCCONV_ERR_NOMEM;
	for (uint64_t done = 0; done < size;) {
		ssize_t r = pread(b->spool_fd, *bytes + done, size - done,
		                  (off_t)(at + done));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			snprintf(why, DOCCONV_IMAGE_WHY_MAX,
			         "cannot read the temporary file: %s",
			         r < 0 ? strerror(errno) : "it ends early");
			free(*bytes);
			*bytes = NULL;
			return DOCCONV_ERR_READ;
		}
		done += (uint64_t)r;
	}
	*n = size;
	return DOCCONV_OK;
}

/* A folder source's pictures, read below its root: links not followed. */
static int open_in_folder(int root, const char *rel)
{
	int parent = -1, fd = -1;
	const char *leaf;
	docconv_diag quiet;
	docconv_diag_init(&quiet, NULL);
	if (batch_open_parent(root, rel, 0, &parent, &leaf, &quiet) ==
	    DOCCONV_OK)
		fd = openat(parent, leaf, O_RDONLY | O_NOFOLLOW | O_NOCTTY |
		                          O_CLOEXEC);
	else
		errno = ENOENT;
	if (parent >= 0)
		close(parent);
	docconv_diag_free(&quiet);
	return fd;
}

static docconv_status read_in_folder(void *user, const char *rel, uint64_t at,
                                     uint64_t size, unsigned char **bytes,
                                     size_t *n, char why[DOCCONV_IMAGE_WHY_MAX])
{
	(void)at;
	(void)size;
	return docconv_photo_read_fd(open_in_folder((int)(intptr_t)user, rel),
	                             bytes, n, why);
}

docconv_status batch_photos_add(docconv_batch *b, size_t source,
                                const char *rel, uint64_t at, uint64_t size)
{
	batch_source *s = &b->sources[source];
	if (!s->photos) {
		/* A folder's reader needs its root only: the sources array may
		 * still move. */
		s->photos = s->kind == SOURCE_ARCHIVE
		                    ? docconv_photo_index_new(read_spooled, b)
		                    : docconv_photo_index_new(read_in_folder,
		                                              (void *)(intptr_t)
		                                                      s->dir_fd);
		if (!s->photos)
			return DOCCONV_ERR_NOMEM;
	}
	return docconv_photo_index_add(s->photos, rel, at, size);
}

docconv_status batch_photos_seal(docconv_batch *b, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	for (size_t i = 0; i < b->n_entries && st == DOCCONV_OK; i++) {
		docconv_photo_index *x = b->sources[b->entries[i].source].photos;
		if (x)
			st = docconv_photo_index_add_article(x, b->entries[i].rel);
	}
	for (size_t i = 0; i < b->n_sources && st == DOCCONV_OK; i++)
		if (b->sources[i].photos)
			st = docconv_photo_index_seal(b->sources[i].photos);
	if (st == DOCCONV_OK && b->o.images)
		st = docconv_photo_index_folder(b->o.images, NULL, 1, 0, &b->images,
		                                d);
	return st;
}

/* The entry's path as its photos are looked for: what its output is
 * named after. */
static const char *article_path(const batch_entry *e)
{
	return e->safe ? e->safe : e->rel;
}

docconv_status batch_photos_place(docconv_batch *b, const batch_entry *e,
                                  batch_entry_input *ei, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	const batch_source *s = &b->sources[e->source];
	docconv_photo_place *p = &ei->place;
	memset(p, 0, sizeof *p);
	ei->own_photos = NULL;
	if (b->images) {
		p->index = b->images;
		p->article = article_path(e);
		snprintf(ei->where, sizeof ei->where, "in --images");
	} else if (s->kind != SOURCE_LIST) {
		p->index = s->photos;
		p->article = e->rel;
		snprintf(ei->where, sizeof ei->where, "beside the article");
	} else {
		/* A listed file: its own folder, as for one article. */
		const char *slash = strrchr(e->rel, '/');
		const char *base = slash ? slash + 1 : e->rel;
		const char *dot = strrchr(base, '.');
		char *dir = slash ? docconv_strndup(e->rel, (size_t)(slash - e->rel + 1))
		                  : docconv_strdup(".");
		char *stem = docconv_strndup(base, dot && dot != base
		                                           ? (size_t)(dot - base)
		                                           : strlen(base));
		docconv_diag quiet;
		docconv_diag_init(&quiet, NULL);
		if (!dir || !stem)
			st = DOCCONV_ERR_NOMEM;
		else if (docconv_photo_index_folder(dir, stem, 0, 0, &ei->own_photos,
		                                    &quiet) == DOCCONV_ERR_NOMEM)
			st = DOCCONV_ERR_NOMEM;
		else if (!ei->own_photos)
			docconv_warn(d, "cannot look for photos beside it: %s",
			             quiet.n_entries ? quiet.entries[0].message : "");
		docconv_diag_free(&quiet);
		free(dir);
		free(stem);
		p->index = ei->own_photos;
		p->article = base;
		snprintf(ei->where, sizeof ei->where, "beside the article");
	}
	p->where = ei->where;
	if (p->index)
		ei->in.photos = p;
	return st;
}

void batch_photos_free(docconv_batch *b)
{
	for (size_t i = 0; i < b->n_sources; i++)
		docconv_photo_index_free(b->sources[i].photos);
	docconv_photo_index_free(b->images);
	b->images = NULL;
}
