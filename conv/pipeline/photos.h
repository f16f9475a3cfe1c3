/* photos.h — the user's photos put at their captions.
 *
 * Where an article's photos are (an index of the picture files of one
 * place: the article's folder on disk, the pictures of an archive, or
 * --images DIR), and how they are matched to its figures:
 *
 *   - files beside the article named after it: for story.txt, story.jpg,
 *     story-1.jpg, story_2.png, story 3.gif (the stem, then -, _ or a
 *     space and a number), ordered by that number; a file named exactly
 *     like another article beside it (story-1.jpg by story-1.txt) is that
 *     article's;
 *   - then every picture in a folder named after it (story/), in natural
 *     order (a2 before a10);
 *   - for one article given --images DIR: the same inside DIR, and when
 *     none there is named after the article, every picture directly in
 *     DIR, in natural order.
 * Pictures are files whose names end like one (image.h); a file that
 * turns out to be something else is refused with a warning.
 *
 * The photos go to the figures in caption order, across every article of
 * a page (a chain of documents, doc.h): the first photo to the first
 * caption, and so on, so a photo goes with the article its caption is in.
 * More photos than captions: the rest follow the last figure as figures
 * with an empty caption (or, on a page with no caption at all, follow the
 * first article's title block). Fewer: the captions left keep their text
 * only. A model that names its photos itself (--from json, "image") is
 * not matched again: each file it names is read from its folder.
 *
 * Every photo is read (at most DOCCONV_IMAGE_MAX_BYTES) and checked by
 * decoding it (formats/image/image.h) before the model takes it. One that
 * is missing, unreadable, damaged, over a limit, not a picture or in a
 * format a book cannot hold is left out with a warning that names the
 * file and says why; its caption stays text. Its place in the order stays
 * taken, so story-3.jpg still goes to the third caption when story-2.jpg
 * is damaged.
 *
 * A photo's path in the model ("image" in --to json) is relative to the
 * folder the photos were looked for in (the article's, or --images DIR),
 * with '/' between parts; one that is absolute or climbs out with ".." is
 * refused.
 */
#ifndef DOCCONV_PHOTOS_H
#define DOCCONV_PHOTOS_H

#include <stddef.h>
#include <stdint.h>

#include "conv/core/diag.h"
#include "conv/core/doc.h"
#include "conv/core/text.h"
#include "formats/image/image.h"

/* Folder levels walked below --images DIR in a batch. */
#define DOCCONV_PHOTOS_MAX_DEPTH 32u
/* Pictures one index holds: a million articles' worth of photos in a
 * batch costs a few hundred bytes each. */
#define DOCCONV_PHOTOS_MAX_FILES 4000000u

typedef struct docconv_photo_index docconv_photo_index;

/* Reads the picture file `rel` of an index into a new buffer, at most
 * DOCCONV_IMAGE_MAX_BYTES: DOCCONV_ERR_READ (missing, unreadable) or
 * DOCCONV_ERR_LIMIT (too large) with the reason in why[]. `at` and `size`
 * are what docconv_photo_index_add was given for it, or
 * DOCCONV_PHOTO_UNLISTED and 0 for a file the index does not list (a
 * model may name any file). */
#define DOCCONV_PHOTO_UNLISTED UINT64_MAX
typedef docconv_status (*docconv_photo_read_fn)(void *user, const char *rel,
                                                uint64_t at, uint64_t size,
                                                unsigned char **bytes,
                                                size_t *n,
                                                char why[DOCCONV_IMAGE_WHY_MAX]);

/* The picture file open on `fd` (which it closes; -1: the open failed,
 * errno says why), as a reader gives it. */
docconv_status docconv_photo_read_fd(int fd, unsigned char **bytes,
                                     size_t *n,
                                     char why[DOCCONV_IMAGE_WHY_MAX]);

/* An empty index whose files `read` reads; NULL when out of memory. */
docconv_photo_index *docconv_photo_index_new(docconv_photo_read_fn read,
                                             void *user);
void docconv_photo_index_free(docconv_photo_index *x);
/* Adds a picture file (its path below the index's root), with where its
 * bytes are for the reader. DOCCONV_ERR_LIMIT past DOCCONV_PHOTOS_MAX_FILES. */
docconv_status docconv_photo_index_add(docconv_photo_index *x,
                                       const char *rel, uint64_t at,
                                       uint64_t size);
/* Adds an article (its path below the root), so that a picture named
 * exactly like it is not taken for a neighbour's. */
docconv_status docconv_photo_index_add_article(docconv_photo_index *x,
                                               const char *rel);
/* Orders what was added, for lookups; call once, after the last add. */
docconv_status docconv_photo_index_seal(docconv_photo_index *x);
/* How many pictures the index holds. */
size_t docconv_photo_index_count(const docconv_photo_index *x);

/* An index of a folder on disk: its pictures and articles (*.txt), and
 * those of its folder `stem` when given (a single article's photo
 * folder), or of every folder below it with `recursive` (--images DIR for
 * a batch, DOCCONV_PHOTOS_MAX_DEPTH deep). Symbolic links are followed
 * only with `follow_links` (a folder the user named for one article; a
 * batch follows none). The folder is read with the index's reader until
 * the index is freed. */
docconv_status docconv_photo_index_folder(const char *dir, const char *stem,
                                          int recursive, int follow_links,
                                          docconv_photo_index **out,
                                          docconv_diag *d);

/* Where one input's photos are looked for. */
typedef struct docconv_photo_place {
	const docconv_photo_index *index;
	const char *article;     /* the input's path below the index's root */
	int every_photo;         /* --images DIR for one article: every picture
	                            in its folder when none is named after it */
	const char *where;       /* for messages: "beside the article",
	                            "in --images pics/" */
} docconv_photo_place;

/* Matches, reads and checks the photos of the chain of documents `doc`
 * (see above), with warnings in d. With `explain`, says in it which file
 * went to which caption and why, one line each. DOCCONV_OK unless out of
 * memory or the decoders cannot be loaded; `place` NULL: photos named by
 * the model are dropped with a warning, none is matched. */
docconv_status docconv_photos_attach(docconv_doc *doc,
                                     const docconv_photo_place *place,
                                     docconv_buf *explain, docconv_diag *d);

#endif
