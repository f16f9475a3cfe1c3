/* doc.h — the document model every reader builds and every writer walks.
 *
 * A document is a tree in the manner of cmark: each node has a parent, a
 * first and last child and two siblings. The root is a DOCUMENT whose
 * children are blocks; a block holds inline content (TEXT for now); a FIGURE
 * holds a CAPTION and a CREDIT, each holding inline content.
 *
 *   DOCUMENT
 *     KICKER     > TEXT
 *     TITLE      > TEXT
 *     SUBTITLE   > TEXT
 *     BYLINE     > TEXT
 *     DATELINE   > TEXT
 *     HEADING    > TEXT           (level 2..6)
 *     PARAGRAPH  > TEXT
 *     FIGURE     > CAPTION > TEXT, CREDIT > TEXT   (and maybe a photo)
 *
 * Every insert is checked by docconv_node_can_contain, so a writer can rely
 * on the shape. Text is always UTF-8. A document also carries metadata
 * (docconv_meta) and a book groups documents for writers that emit many
 * articles into one file.
 *
 * A reader builds the tree; docconv_doc_finish then settles, once, what
 * every writer would otherwise decide for itself (the title, the language,
 * the title block), so writers only render and `--to json` shows all of it.
 *
 * Walk a tree with the iterator: a container yields ENTER then, after its
 * children, EXIT; a leaf (TEXT) yields ENTER only.
 *
 *   docconv_iter it;
 *   docconv_iter_init(&it, docconv_doc_root(doc));
 *   while (docconv_iter_next(&it) != DOCCONV_EVENT_DONE)
 *       switch (docconv_node_get_type(it.node)) { ... }
 */
#ifndef DOCCONV_DOC_H
#define DOCCONV_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

typedef enum docconv_node_type {
	DOCCONV_NODE_NONE = 0,
	DOCCONV_NODE_DOCUMENT,

	/* Blocks: the children of DOCUMENT. */
	DOCCONV_NODE_KICKER,
	DOCCONV_NODE_TITLE,
	DOCCONV_NODE_SUBTITLE,
	DOCCONV_NODE_BYLINE,
	DOCCONV_NODE_DATELINE,
	DOCCONV_NODE_HEADING,
	DOCCONV_NODE_PARAGRAPH,
	DOCCONV_NODE_FIGURE,
	/* The parts of a FIGURE. */
	DOCCONV_NODE_CAPTION,
	DOCCONV_NODE_CREDIT,

	/* Inlines. Emphasis and links will sit in this range. */
	DOCCONV_NODE_TEXT,

	DOCCONV_NODE_FIRST_BLOCK = DOCCONV_NODE_KICKER,
	DOCCONV_NODE_LAST_BLOCK = DOCCONV_NODE_FIGURE,
	DOCCONV_NODE_FIRST_INLINE = DOCCONV_NODE_TEXT,
	DOCCONV_NODE_LAST_INLINE = DOCCONV_NODE_TEXT
} docconv_node_type;

typedef struct docconv_node docconv_node;
typedef struct docconv_doc docconv_doc;

/* Limits that keep a hostile input from exhausting memory. */
/* Blocks per document: a real article has tens, a front page a few hundred. */
#define DOCCONV_MAX_BLOCKS 100000
/* Authors kept in the metadata: a wire story has one to three, a page of
 * briefs a few dozen; past this a list of names is not a byline. */
#define DOCCONV_MAX_AUTHORS 64
/* An article of a page with no headline is named by the opening of its
 * text, in contents and bookmarks: about a line of a narrow column, in
 * columns (an ideograph counts two). */
#define DOCCONV_LABEL_MAX_WIDTH 48

typedef struct docconv_meta {
	char *title;       /* NULL when the article has none */
	char *subtitle;
	char *kicker;
	char **authors;
	size_t n_authors;
	char *lang;        /* BCP 47: "zh", "zh-Hant", "en" */
	char *date;        /* ISO 8601 (YYYY-MM-DD) when the text gives one */
	char *source;      /* the input's file name, without its folder */
	char *encoding;    /* the input's encoding as detected or forced */
	/* Set by docconv_doc_finish: the first `title_block` blocks are the
	 * title block (kicker, title, subtitles, bylines), which writers set
	 * apart from the body. */
	size_t title_block;
} docconv_meta;

typedef enum docconv_meta_field {
	DOCCONV_META_TITLE,
	DOCCONV_META_SUBTITLE,
	DOCCONV_META_KICKER,
	DOCCONV_META_LANG,
	DOCCONV_META_DATE,
	DOCCONV_META_SOURCE,
	DOCCONV_META_ENCODING
} docconv_meta_field;

/* --- documents -------------------------------------------------------- */

/* A new, empty document (a DOCUMENT root, no metadata); NULL when out of
 * memory. */
docconv_doc *docconv_doc_new(void);
/* Frees the document, its tree and its metadata, and the articles chained
 * after it (a page). NULL is fine. */
void docconv_doc_free(docconv_doc *doc);
docconv_node *docconv_doc_root(const docconv_doc *doc);
const docconv_meta *docconv_doc_meta(const docconv_doc *doc);
size_t docconv_doc_block_count(const docconv_doc *doc);

/* Sets (a copy of) one metadata string; `s` NULL clears it. */
docconv_status docconv_doc_set_meta(docconv_doc *doc, docconv_meta_field f,
                                    const char *s, size_t len);
/* Adds an author unless the same name is there already (then DOCCONV_OK).
 * DOCCONV_ERR_LIMIT when DOCCONV_MAX_AUTHORS are there: the caller says so
 * (a warning is enough; the byline text stays in the blocks). */
docconv_status docconv_doc_add_author(docconv_doc *doc, const char *s,
                                      size_t len);
void docconv_doc_clear_authors(docconv_doc *doc);

/* --- nodes ------------------------------------------------------------ */

/* A detached node; NULL when out of memory. Free it with docconv_node_free
 * unless it has been inserted into a tree, which then owns it. */
docconv_node *docconv_node_new(docconv_node_type type);
/* Frees a node and its subtree, unlinking it first. */
void docconv_node_free(docconv_node *node);

/* Whether a node of type `parent` may hold a child of type `child`. */
int docconv_node_can_contain(docconv_node_type parent, docconv_node_type child);

/* Appends `child` (which must be detached) as the last child of `parent`.
 * DOCCONV_ERR_INTERNAL when the shape rule refuses it; the child is then
 * still the caller's. */
docconv_status docconv_node_append_child(docconv_node *parent,
                                         docconv_node *child);
/* Detaches a node from its parent and siblings. */
void docconv_node_unlink(docconv_node *node);

docconv_node_type docconv_node_get_type(const docconv_node *node);
const char *docconv_node_type_name(docconv_node_type type);  /* "paragraph" */
docconv_node_type docconv_node_type_from_name(const char *name);
docconv_node *docconv_node_parent(const docconv_node *node);
docconv_node *docconv_node_first_child(const docconv_node *node);
docconv_node *docconv_node_last_child(const docconv_node *node);
docconv_node *docconv_node_next(const docconv_node *node);
docconv_node *docconv_node_prev(const docconv_node *node);

/* TEXT: the literal (UTF-8, not NUL-terminated in principle, but always
 * followed by a NUL for convenience). */
const char *docconv_node_literal(const docconv_node *node, size_t *len);
docconv_status docconv_node_set_literal(docconv_node *node, const char *s,
                                        size_t len);
/* HEADING: 2..6. */
int docconv_node_heading_level(const docconv_node *node);
docconv_status docconv_node_set_heading_level(docconv_node *node, int level);

/* Where the block came from and which reader rule made it (a static
 * string). Lines are 1-based and inclusive; 0 when unknown. */
void docconv_node_set_origin(docconv_node *node, unsigned long first_line,
                             unsigned long last_line, const char *rule);
/* The first line of the input a block came from; 0 when unknown (a model
 * read back from JSON). */
unsigned long docconv_node_first_line(const docconv_node *node);

/* Builds a block holding one TEXT child and appends it to the document.
 * For FIGURE use docconv_doc_append_figure. Returns the block in *out (may
 * be NULL). */
docconv_status docconv_doc_append_text_block(docconv_doc *doc,
                                             docconv_node_type type,
                                             const char *text, size_t len,
                                             docconv_node **out);
docconv_status docconv_doc_append_heading(docconv_doc *doc, int level,
                                          const char *text, size_t len,
                                          docconv_node **out);
/* A detached figure with a caption and a credit; either may be empty
 * (len 0), in which case that part has no TEXT child. NULL when out of
 * memory. */
docconv_node *docconv_figure_new(const char *caption, size_t cap_len,
                                 const char *credit, size_t cred_len);
/* The same, appended to the document. */
docconv_status docconv_doc_append_figure(docconv_doc *doc,
                                         const char *caption, size_t cap_len,
                                         const char *credit, size_t cred_len,
                                         docconv_node **out);

/* Inserts the detached `block` after `after`, a block of the document
 * (NULL: first), within DOCCONV_MAX_BLOCKS (DOCCONV_ERR_LIMIT: the block
 * is then freed). */
docconv_status docconv_doc_insert_block(docconv_doc *doc, docconv_node *after,
                                        docconv_node *block);

/* The concatenated text of every TEXT below `node`, in a new NUL-terminated
 * string (free it); NULL when out of memory. */
char *docconv_node_text(const docconv_node *node, size_t *len);
/* The first child of a FIGURE of the given part type, or NULL. */
docconv_node *docconv_figure_part(const docconv_node *figure,
                                  docconv_node_type part);

/* --- photos ---------------------------------------------------------- */

/* The picture a FIGURE shows when the user has it: the file it comes from,
 * as the model names it (`--to json` writes it as the figure's "image"),
 * and that file's bytes once the pipeline has read and checked them. A
 * model read back from JSON only names its files; the pipeline then reads
 * each or drops it with a warning, so a writer only ever meets photos with
 * their bytes (conv/pipeline/photos.h). */
typedef struct docconv_photo {
	char *path;              /* '/'-separated, relative to the article's
	                            folder or to --images DIR */
	unsigned char *data;     /* the file's bytes; NULL while only named */
	size_t size;
	char media_type[16];     /* image/jpeg, image/png, image/gif, image/webp */
	uint32_t width, height;  /* pixels */
} docconv_photo;

/* A FIGURE's photo, or NULL when it has none. */
const docconv_photo *docconv_figure_photo(const docconv_node *figure);
/* Names the file of a FIGURE's photo (a copy of path[0..len)), replacing
 * any photo it had; its bytes come with docconv_figure_load_photo. */
docconv_status docconv_figure_name_photo(docconv_node *figure,
                                         const char *path, size_t len);
/* Gives a named photo its checked bytes (`data` is then the model's, freed
 * with it), its media type and its size in pixels. */
void docconv_figure_load_photo(docconv_node *figure, unsigned char *data,
                               size_t size, const char *media_type,
                               uint32_t width, uint32_t height);
/* Takes the photo away (a file that cannot be used). */
void docconv_figure_drop_photo(docconv_node *figure);

/* --- finishing ------------------------------------------------------- */

/* Settles a document after reading (either reader) and after the command
 * line's overrides; every writer takes finished documents:
 *   - meta.title: its own when not empty; else the text of the first TITLE
 *     block that has visible text; else, for one of a page's several
 *     articles, its first subhead or the opening of its text (at most
 *     DOCCONV_LABEL_MAX_WIDTH columns, "…" where cut); else meta.source
 *     without its extension; else "Untitled";
 *   - meta.lang: its own when it is a well-formed BCP 47 tag (a malformed
 *     one is replaced with a warning); else "und" (undetermined);
 *   - meta.title_block: how many blocks, from the first, are KICKER, TITLE,
 *     SUBTITLE or BYLINE. A DATELINE opens the body (it belongs to the
 *     paragraph it heads), so it ends the title block.
 * Finishing twice gives the same document. */
docconv_status docconv_doc_finish(docconv_doc *doc, docconv_diag *d);

/* The title block docconv_doc_finish settles: how many blocks, from the
 * first, are KICKER, TITLE, SUBTITLE or BYLINE. */
size_t docconv_doc_find_title_block(const docconv_doc *doc);

/* A finished document's title, language and title block, as finishing
 * settled them ("Untitled" and "und" for one that never was). */
const char *docconv_doc_title(const docconv_doc *doc);
const char *docconv_doc_lang(const docconv_doc *doc);
size_t docconv_doc_title_block(const docconv_doc *doc);

/* Whether `tag` has the shape of a BCP 47 language tag (letters, then
 * subtags of letters and digits, each at most 8 long). */
int docconv_lang_well_formed(const char *tag);

/* Whether text in language `tag` runs right to left (Arabic, Hebrew,
 * Persian, Urdu and the other languages written in their scripts). */
int docconv_lang_rtl(const char *tag);
/* Whether `lang` is `primary` or a subtag of it ("zh-Hant" is "zh"). */
int docconv_lang_is(const char *lang, const char *primary);

/* --- iterator --------------------------------------------------------- */

typedef enum docconv_event {
	DOCCONV_EVENT_DONE = 0,
	DOCCONV_EVENT_ENTER,
	DOCCONV_EVENT_EXIT
} docconv_event;

typedef struct docconv_iter {
	docconv_node *root;
	docconv_node *node;     /* the current node after docconv_iter_next */
	docconv_event event;    /* the current event */
} docconv_iter;

void docconv_iter_init(docconv_iter *it, docconv_node *root);
docconv_event docconv_iter_next(docconv_iter *it);

/* --- pages ------------------------------------------------------------ */

/* A page of several articles is a chain of documents, one an article, in
 * the page's order: what a reader returns and the pipeline finishes. The
 * first owns the rest (docconv_doc_free frees the chain). A single
 * article is a chain of one. In a book, the articles of one page follow
 * one another as their chain does (docconv_book_same_page). */
docconv_doc *docconv_doc_next(const docconv_doc *doc);
/* Appends the chain `next` (owned by nobody) after the last of `doc`'s. */
void docconv_doc_append(docconv_doc *doc, docconv_doc *next);
/* Cuts the chain after `doc` and returns the rest (now the caller's). */
docconv_doc *docconv_doc_detach_next(docconv_doc *doc);
/* Articles in the chain from `doc`. */
size_t docconv_doc_count(const docconv_doc *doc);

/* --- books ------------------------------------------------------------ */

/* What a writer receives: one document or many (--combine), finished.
 * The documents stay owned by the caller. */
typedef struct docconv_book {
	docconv_doc *const *docs;
	size_t n_docs;
	const char *title;      /* book title; NULL: the first document's */
	const char *lang;       /* NULL: the first document's */
	int64_t timestamp;      /* seconds since the epoch, for dates in output */
} docconv_book;

/* The book's title: its own when not empty, else the first headline of its
 * documents, else its first document's settled title. */
const char *docconv_book_title(const docconv_book *book);
/* Whether document i of the book goes on the page of document i - 1 (it
 * is the next article of that page's chain): writers that paginate run
 * such articles on rather than start a page. */
int docconv_book_same_page(const docconv_book *book, size_t i);
/* The book's language: its own when well-formed, else its first
 * document's, else "und". */
const char *docconv_book_lang(const docconv_book *book);

#endif
