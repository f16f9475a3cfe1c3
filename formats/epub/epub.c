/* epub.c — `--to epub`: an EPUB 3 book, readable by EPUB 2 readers too,
 * one content document per article of the book:
 *
 *   mimetype                   first and stored, as OCF requires
 *   META-INF/container.xml     where the package document is
 *   OEBPS/content.opf          metadata, manifest, spine
 *   OEBPS/nav.xhtml            EPUB 3 navigation: headlines, subheads nested
 *   OEBPS/toc.ncx              the same for EPUB 2 readers
 *   OEBPS/style.css            style.css and the --css text
 *   OEBPS/cover.svg            the cover picture (cover.c), unless --no-cover
 *   OEBPS/cover.xhtml          the page that shows it, first in the spine
 *   OEBPS/article-001.xhtml    the articles (xhtml.c writes their markup)
 *   OEBPS/photos/a001-01.jpg   their photos, as they came, stored (each
 *                              format is compressed already); a WebP, not a
 *                              core type before EPUB 3.3, has a JPEG of
 *                              itself as its manifest fallback
 *
 * The cover and the photos: the generated cover shows the book's first
 * photo above its title (cover.h); with --no-cover there is no cover page,
 * and the first photo itself is the book's cover-image, which reading
 * systems show in their library.
 *
 * The zip is built in memory and its bytes go to the sink. The same book
 * gives the same bytes: fixed entry order and compression, every entry's
 * time from book->timestamp (a DOS time in UTC, not local time), and an
 * identifier that is a name-based UUID of the content.
 */
#include "formats/formats.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uuid/uuid.h>
#include <zip.h>

#include "a11y.h"
#include "conv/core/mem.h"
#include "conv/core/text.h"
#include "cover.h"
#include "deflate.h"
#include "formats/image/image.h"
#include "xhtml.h"

#define OPF_NS "http://www.idpf.org/2007/opf"
#define DC_NS "http://purl.org/dc/elements/1.1/"
#define NCX_NS "http://www.daisy.org/z3986/2005/ncx/"
#define CONTAINER_NS "urn:oasis:names:tc:opendocument:xmlns:container"
#define XHTML_TYPE "application/xhtml+xml"

/* Entry names: "OEBPS/article-" with up to 20 digits and ".xhtml". */
#define ENTRY_NAME_MAX 64
/* "article-001.xhtml#a1-s123456": an entry name and an id. */
#define HREF_MAX (ENTRY_NAME_MAX + DOCCONV_XHTML_ID_MAX)
/* DOS times count from 1980 and end in 2107; times outside are clamped. */
#define DOS_EPOCH INT64_C(315532800)       /* 1980-01-01T00:00:00Z */
#define DOS_LAST INT64_C(4354819198)       /* 2107-12-31T23:59:58Z */
/* dcterms:modified has four year digits. */
#define ISO_LAST INT64_C(253402300799)     /* 9999-12-31T23:59:59Z */

/* The namespace of docconv's name-based (version 5) UUIDs. */
static const uuid_t uuid_namespace = {
	0x3d, 0x76, 0x3b, 0x06, 0x5b, 0xfd, 0x44, 0xb5,
	0xbc, 0x3f, 0x06, 0xd5, 0x87, 0xc3, 0x8f, 0x20
};

/* One line of the table of contents: an article, or a subhead of it. */
typedef struct toc_entry {
	size_t doc;
	const docconv_node *heading;   /* NULL: the article itself */
	char href[HREF_MAX];
} toc_entry;

/* A photo of the book: the figure it belongs to and its file. */
typedef struct photo_item {
	const docconv_node *figure;
	const docconv_photo *photo;
	char id[ENTRY_NAME_MAX];       /* photo-a001-01 */
	char href[ENTRY_NAME_MAX];     /* photos/a001-01.jpg */
	unsigned char *fallback;       /* a WebP's JPEG, or NULL */
	size_t fallback_len;
} photo_item;

/* The quality of a WebP's JPEG fallback: the photo as it looks. */
#define FALLBACK_QUALITY 90

typedef struct package {
	const docconv_book *book;
	const docconv_write_opts *opts;
	const char *title;             /* the book's */
	const char *lang;
	const epub_words *words;       /* of the nav and cover pages */
	const char *date;              /* the first document's date, W3CDTF */
	int vertical;
	int cover;                     /* with the cover picture and page */
	char uid[48];                  /* urn:uuid:xxxxxxxx-xxxx-... */
	char modified[32];             /* YYYY-MM-DDThh:mm:ssZ */
	zip_uint16_t dos_time, dos_date;
	toc_entry *toc;
	size_t n_toc;
	int toc_depth;
	photo_item *photos;            /* in the book's order */
	size_t n_photos;
	int photo_cover;               /* the first photo is the cover-image */
	int all_captioned;             /* every photo has a caption */
	zip_t *zip;
	epub_deflater *deflater;
	docconv_diag *d;
} package;

/* How an entry is put in the zip. */
typedef enum entry_mode {
	ENTRY_STORED,          /* as it is (the mimetype) */
	ENTRY_DEFLATED,
	ENTRY_UNCHANGING,      /* deflated, and the result kept for the next book */
} entry_mode;

typedef int (*build_fn)(xmlTextWriterPtr w, const package *p, size_t doc);

static void article_name(char out[ENTRY_NAME_MAX], size_t doc)
{
	snprintf(out, ENTRY_NAME_MAX, "article-%03zu.xhtml", doc + 1);
}

/* --- identity and time -------------------------------------------------- */

/* The content a book's identifier names, each string followed by a NUL,
 * which keeps "ab"+"c" apart from "a"+"bc". */
static int put_name(docconv_buf *b, const char *s, size_t n)
{
	return docconv_buf_put(b, s ? s : "", s ? n : 0) |
	       docconv_buf_putc(b, '\0');
}

static int put_cname(docconv_buf *b, const char *s)
{
	return put_name(b, s, s ? strlen(s) : 0);
}

static int name_doc(docconv_buf *b, const docconv_doc *doc)
{
	const docconv_meta *m = docconv_doc_meta(doc);
	int r = put_cname(b, m->title) | put_cname(b, m->lang);
	for (size_t i = 0; i < m->n_authors; i++)
		r |= put_cname(b, m->authors[i]);
	docconv_iter it;
	docconv_iter_init(&it, docconv_doc_root(doc));
	docconv_event ev;
	while ((ev = docconv_iter_next(&it)) != DOCCONV_EVENT_DONE && !r) {
		docconv_node_type t = docconv_node_get_type(it.node);
		char level[8];
		size_t n;
		const char *s;
		if (ev != DOCCONV_EVENT_ENTER)
			continue;
		r |= put_cname(b, docconv_node_type_name(t));
		const docconv_photo *photo = docconv_figure_photo(it.node);
		if (t == DOCCONV_NODE_HEADING) {
			snprintf(level, sizeof level, "%d",
			         docconv_node_heading_level(it.node));
			r |= put_cname(b, level);
		} else if (photo && photo->data) {
			char size[64];
			snprintf(size, sizeof size, "%zu %ux%u", photo->size,
			         photo->width, photo->height);
			r |= put_cname(b, photo->path) | put_cname(b, size) |
			     put_cname(b, photo->media_type);
		} else if (t == DOCCONV_NODE_TEXT) {
			s = docconv_node_literal(it.node, &n);
			r |= put_name(b, s, n);
		}
	}
	return r;
}

/* urn:uuid: of a version 5 UUID (RFC 4122, SHA-1: libuuid) of the book's
 * content: the same articles give the same identifier. */
static docconv_status make_uid(package *p)
{
	docconv_buf name;
	uuid_t uid;
	char text[37];
	int r = 0;
	docconv_buf_init(&name);
	for (size_t i = 0; i < p->book->n_docs && !r; i++)
		r = name_doc(&name, p->book->docs[i]);
	if (r) {
		docconv_buf_free(&name);
		return docconv_fail(p->d, DOCCONV_ERR_NOMEM, "out of memory");
	}
	uuid_generate_sha1(uid, uuid_namespace, name.data ? name.data : "",
	                   name.len);
	uuid_unparse_lower(uid, text);
	snprintf(p->uid, sizeof p->uid, "urn:uuid:%s", text);
	docconv_buf_free(&name);
	return DOCCONV_OK;
}

static int64_t clamp(int64_t t, int64_t lo, int64_t hi)
{
	return t < lo ? lo : t > hi ? hi : t;
}

static docconv_status set_times(package *p)
{
	struct tm tm;
	time_t t = (time_t)clamp(p->book->timestamp, 0, ISO_LAST);
	if (!gmtime_r(&t, &tm) ||
	    !strftime(p->modified, sizeof p->modified, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return docconv_fail(p->d, DOCCONV_ERR_INTERNAL,
		                    "cannot format the time %lld",
		                    (long long)p->book->timestamp);
	t = (time_t)clamp(p->book->timestamp, DOS_EPOCH, DOS_LAST);
	if (!gmtime_r(&t, &tm))
		return docconv_fail(p->d, DOCCONV_ERR_INTERNAL,
		                    "cannot convert the time %lld",
		                    (long long)p->book->timestamp);
	p->dos_time = (zip_uint16_t)(tm.tm_hour << 11 | tm.tm_min << 5 |
	                             tm.tm_sec / 2);
	p->dos_date = (zip_uint16_t)((tm.tm_year - 80) << 9 |
	                             (tm.tm_mon + 1) << 5 | tm.tm_mday);
	return DOCCONV_OK;
}

/* --- the table of contents ---------------------------------------------- */

/* Each article, then each of its subheads that has text, with the anchors
 * the content documents give them. */
static docconv_status make_toc(package *p)
{
	docconv_status st = DOCCONV_OK;
	size_t cap = p->book->n_docs;
	for (size_t i = 0; i < p->book->n_docs; i++)
		cap += docconv_doc_block_count(p->book->docs[i]);
	if (!(p->toc = calloc(cap ? cap : 1, sizeof *p->toc))) {
		st = docconv_fail(p->d, DOCCONV_ERR_NOMEM,
		                  "out of memory for the table of contents");
		goto out;
	}
	p->toc_depth = 1;
	for (size_t i = 0; i < p->book->n_docs; i++) {
		char file[ENTRY_NAME_MAX], id[DOCCONV_XHTML_ID_MAX];
		docconv_anchors a = { "", 0, 0 };
		toc_entry *article = &p->toc[p->n_toc++];
		article_name(file, i);
		article->doc = i;
		snprintf(article->href, HREF_MAX, "%s", file);
		for (docconv_node *n = docconv_node_first_child(
		             docconv_doc_root(p->book->docs[i]));
		     n; n = docconv_node_next(n)) {
			if (!docconv_xhtml_anchor(&a, n, id))
				continue;
			if (docconv_node_get_type(n) == DOCCONV_NODE_TITLE) {
				snprintf(article->href, HREF_MAX, "%s#%s", file, id);
			} else if (docconv_xhtml_has_text(n)) {
				toc_entry *e = &p->toc[p->n_toc++];
				e->doc = i;
				e->heading = n;
				snprintf(e->href, HREF_MAX, "%s#%s", file, id);
				p->toc_depth = 2;
			}
		}
	}
out:
	return st;
}

/* --- the photos --------------------------------------------------------- */

/* A WebP's fallback for reading systems of EPUB 3.2 and before: the
 * picture as a JPEG (transparency over white). */
static docconv_status make_fallback(package *p, photo_item *it)
{
	docconv_status st;
	char why[DOCCONV_IMAGE_WHY_MAX];
	docconv_raster r;
	const docconv_photo *ph = it->photo;
	if ((st = docconv_image_decode(ph->data, ph->size, ph->width, ph->height,
	                               &r, why)) == DOCCONV_OK)
		st = docconv_image_encode_jpeg(&r, FALLBACK_QUALITY, &it->fallback,
		                               &it->fallback_len, why);
	docconv_raster_free(&r);
	if (st != DOCCONV_OK)
		return docconv_fail(p->d, st == DOCCONV_ERR_NOMEM
		                                   ? st : DOCCONV_ERR_INTERNAL,
		                    "photo %s: cannot make its JPEG fallback: %s",
		                    ph->path, why);
	return DOCCONV_OK;
}

static void free_photos(package *p)
{
	for (size_t i = 0; i < p->n_photos; i++)
		free(p->photos[i].fallback);
	free(p->photos);
}

/* Every photo of the book, named after its article and its place there:
 * photos/a001-01.jpg is the first photo of the first article. */
static docconv_status make_photos(package *p)
{
	size_t cap = 0;
	p->all_captioned = 1;
	for (size_t i = 0; i < p->book->n_docs; i++) {
		size_t k = 0;
		for (docconv_node *n = docconv_node_first_child(
		             docconv_doc_root(p->book->docs[i]));
		     n; n = docconv_node_next(n)) {
			const docconv_photo *photo = docconv_figure_photo(n);
			if (!photo || !photo->data)
				continue;
			if (docconv_array_reserve((void **)&p->photos, &cap,
			                          p->n_photos + 1, sizeof *p->photos))
				return docconv_fail(p->d, DOCCONV_ERR_NOMEM,
				                    "out of memory for the photos");
			photo_item *it = &p->photos[p->n_photos++];
			const char *ext = docconv_image_extension(
				docconv_image_format_of(photo->media_type));
			it->figure = n;
			it->photo = photo;
			k++;
			snprintf(it->id, sizeof it->id, "photo-a%03zu-%02zu", i + 1, k);
			snprintf(it->href, sizeof it->href, "photos/a%03zu-%02zu.%s",
			         i + 1, k, ext ? ext : "bin");
			it->fallback = NULL;
			if (docconv_image_format_of(photo->media_type) ==
			            DOCCONV_IMAGE_WEBP) {
				docconv_status st = make_fallback(p, it);
				if (st != DOCCONV_OK)
					return st;
			}
			const docconv_node *cap_node =
				docconv_figure_part(n, DOCCONV_NODE_CAPTION);
			if (!cap_node || !docconv_xhtml_has_text(cap_node))
				p->all_captioned = 0;
		}
	}
	p->photo_cover = !p->cover && p->n_photos;
	return DOCCONV_OK;
}

static const photo_item *photo_of(const package *p, const docconv_node *fig)
{
	for (size_t i = 0; i < p->n_photos; i++)
		if (p->photos[i].figure == fig)
			return &p->photos[i];
	return NULL;
}

/* The src of a photo's <img>: its file in the book. */
static int photo_src(void *user, xmlTextWriterPtr w, const docconv_node *fig)
{
	const photo_item *it = photo_of(user, fig);
	return it ? docconv_xml_attr(w, "src", it->href) : -1;
}

static int toc_label(xmlTextWriterPtr w, const package *p, const toc_entry *e)
{
	if (e->heading)
		return docconv_xhtml_inlines(w, e->heading);
	const char *t = docconv_doc_title(p->book->docs[e->doc]);
	return docconv_xml_text(w, t, strlen(t));
}

/* --- the documents ------------------------------------------------------ */

static int build_container(xmlTextWriterPtr w, const package *p, size_t doc)
{
	(void)p;
	(void)doc;
	if (xmlTextWriterSetIndent(w, 1) < 0 ||
	    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ||
	    docconv_xml_start(w, "container") < 0 ||
	    docconv_xml_attr(w, "version", "1.0") < 0 ||
	    docconv_xml_attr(w, "xmlns", CONTAINER_NS) < 0 ||
	    docconv_xml_start(w, "rootfiles") < 0 ||
	    docconv_xml_start(w, "rootfile") < 0 ||
	    docconv_xml_attr(w, "full-path", "OEBPS/content.opf") < 0 ||
	    docconv_xml_attr(w, "media-type",
	                     "application/oebps-package+xml") < 0)
		return -1;
	return docconv_xml_end_void(w);
}

static int manifest_item(xmlTextWriterPtr w, const char *id, const char *href,
                         const char *type, const char *properties)
{
	if (docconv_xml_start(w, "item") < 0 ||
	    docconv_xml_attr(w, "id", id) < 0 ||
	    docconv_xml_attr(w, "href", href) < 0 ||
	    docconv_xml_attr(w, "media-type", type) < 0 ||
	    (properties && docconv_xml_attr(w, "properties", properties) < 0))
		return -1;
	return docconv_xml_end_void(w);
}

/* A photo's item, and its fallback's (the same name with "-jpeg"). */
static int photo_items(xmlTextWriterPtr w, const package *p, size_t i)
{
	const photo_item *it = &p->photos[i];
	char id[ENTRY_NAME_MAX + 8], href[ENTRY_NAME_MAX + 8];
	snprintf(id, sizeof id, "%s-jpeg", it->id);
	snprintf(href, sizeof href, "%s.jpg", it->href);
	if (docconv_xml_start(w, "item") < 0 ||
	    docconv_xml_attr(w, "id", it->id) < 0 ||
	    docconv_xml_attr(w, "href", it->href) < 0 ||
	    docconv_xml_attr(w, "media-type", it->photo->media_type) < 0 ||
	    (it->fallback && docconv_xml_attr(w, "fallback", id) < 0) ||
	    (i == 0 && p->photo_cover &&
	     docconv_xml_attr(w, "properties", "cover-image") < 0) ||
	    docconv_xml_end_void(w) < 0)
		return -1;
	return it->fallback ? manifest_item(w, id, href, "image/jpeg", NULL) : 0;
}

/* Whether an author was named by an earlier document of the book. */
static int author_seen(const docconv_book *book, size_t doc, const char *a)
{
	for (size_t i = 0; i < doc; i++) {
		const docconv_meta *m = docconv_doc_meta(book->docs[i]);
		for (size_t j = 0; j < m->n_authors; j++)
			if (strcmp(m->authors[j], a) == 0)
				return 1;
	}
	return 0;
}

/* dc:date takes W3CDTF: YYYY, YYYY-MM or YYYY-MM-DD here. */
static int is_w3cdtf_date(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	size_t n = s ? strlen(s) : 0;
	if (n != 4 && n != 7 && n != 10)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
			return 0;
	return 1;
}

/* The first date a document of the book gives, NULL when none does. */
static const char *book_date(const docconv_book *book)
{
	for (size_t i = 0; i < book->n_docs; i++) {
		const char *date = docconv_doc_meta(book->docs[i])->date;
		if (is_w3cdtf_date(date))
			return date;
	}
	return NULL;
}

static int build_metadata(xmlTextWriterPtr w, const package *p)
{
	const docconv_book *book = p->book;
	epub_a11y a11y = {
		p->lang, p->cover, p->n_photos > 0,
		epub_a11y_conforms(p->lang, p->opts && p->opts->user_css &&
		                            p->opts->user_css_len) &&
		        p->all_captioned
	};
	if (docconv_xml_start(w, "metadata") < 0 ||
	    docconv_xml_attr(w, "xmlns:dc", DC_NS) < 0 ||
	    docconv_xml_start(w, "dc:identifier") < 0 ||
	    docconv_xml_attr(w, "id", "uid") < 0 ||
	    docconv_xml_text(w, p->uid, strlen(p->uid)) < 0 ||
	    docconv_xml_end(w) < 0 ||
	    docconv_xml_element(w, "dc:title", NULL, p->title) < 0)
		return -1;
	for (size_t i = 0; i < book->n_docs; i++) {
		const docconv_meta *m = docconv_doc_meta(book->docs[i]);
		for (size_t j = 0; j < m->n_authors; j++)
			if (*m->authors[j] &&
			    !author_seen(book, i, m->authors[j]) &&
			    docconv_xml_element(w, "dc:creator", NULL,
			                        m->authors[j]) < 0)
				return -1;
	}
	if (docconv_xml_element(w, "dc:language", NULL, p->lang) < 0 ||
	    (p->date && docconv_xml_element(w, "dc:date", NULL, p->date) < 0) ||
	    docconv_xml_start(w, "meta") < 0 ||
	    docconv_xml_attr(w, "property", "dcterms:modified") < 0 ||
	    docconv_xml_text(w, p->modified, strlen(p->modified)) < 0 ||
	    docconv_xml_end(w) < 0 || epub_a11y_metadata(w, &a11y) < 0)
		return -1;
	/* EPUB 2 reading systems find the cover by this name. */
	if ((p->cover || p->photo_cover) &&
	    (docconv_xml_start(w, "meta") < 0 ||
	     docconv_xml_attr(w, "name", "cover") < 0 ||
	     docconv_xml_attr(w, "content",
	                      p->cover ? "cover-image" : p->photos[0].id) < 0 ||
	     docconv_xml_end_void(w) < 0))
		return -1;
	/* Kindle's converters read the writing mode from the package, not the
	 * CSS. */
	if (p->vertical &&
	    (docconv_xml_start(w, "meta") < 0 ||
	     docconv_xml_attr(w, "name", "primary-writing-mode") < 0 ||
	     docconv_xml_attr(w, "content", "vertical-rl") < 0 ||
	     docconv_xml_end_void(w) < 0))
		return -1;
	return docconv_xml_end(w);
}

static int build_opf(xmlTextWriterPtr w, const package *p, size_t doc)
{
	(void)doc;
	char file[ENTRY_NAME_MAX];
	if (xmlTextWriterSetIndent(w, 1) < 0 ||
	    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ||
	    docconv_xml_start(w, "package") < 0 ||
	    docconv_xml_attr(w, "xmlns", OPF_NS) < 0 ||
	    docconv_xml_attr(w, "version", "3.0") < 0 ||
	    docconv_xml_attr(w, "unique-identifier", "uid") < 0 ||
	    docconv_xml_attr(w, "xml:lang", p->lang) < 0 ||
	    build_metadata(w, p) < 0 || docconv_xml_start(w, "manifest") < 0 ||
	    manifest_item(w, "nav", "nav.xhtml", XHTML_TYPE, "nav") < 0 ||
	    manifest_item(w, "ncx", "toc.ncx", "application/x-dtbncx+xml",
	                  NULL) < 0 ||
	    manifest_item(w, "css", "style.css", "text/css", NULL) < 0 ||
	    (p->cover &&
	     (manifest_item(w, "cover-image", "cover.svg", "image/svg+xml",
	                    "cover-image") < 0 ||
	      manifest_item(w, "cover", "cover.xhtml", XHTML_TYPE, NULL) < 0)))
		return -1;
	for (size_t i = 0; i < p->n_photos; i++)
		if (photo_items(w, p, i) < 0)
			return -1;
	for (size_t i = 0; i < p->book->n_docs; i++) {
		article_name(file, i);
		/* The id is the name without ".xhtml": unique and a valid XML id. */
		char id[ENTRY_NAME_MAX];
		snprintf(id, sizeof id, "%.*s", (int)(strlen(file) - 6), file);
		if (manifest_item(w, id, file, XHTML_TYPE, NULL) < 0)
			return -1;
	}
	if (docconv_xml_end(w) < 0 || docconv_xml_start(w, "spine") < 0 ||
	    docconv_xml_attr(w, "toc", "ncx") < 0 ||
	    ((p->vertical || docconv_lang_rtl(p->lang)) &&
	     docconv_xml_attr(w, "page-progression-direction", "rtl") < 0) ||
	    (p->cover && (docconv_xml_start(w, "itemref") < 0 ||
	                  docconv_xml_attr(w, "idref", "cover") < 0 ||
	                  docconv_xml_end_void(w) < 0)))
		return -1;
	for (size_t i = 0; i < p->book->n_docs; i++) {
		char id[ENTRY_NAME_MAX];
		article_name(file, i);
		snprintf(id, sizeof id, "%.*s", (int)(strlen(file) - 6), file);
		if (docconv_xml_start(w, "itemref") < 0 ||
		    docconv_xml_attr(w, "idref", id) < 0 ||
		    docconv_xml_end_void(w) < 0)
			return -1;
	}
	return docconv_xml_end(w);
}

/* One entry of the landmarks: <li><a epub:type=".." href="..">label</a></li>. */
static int landmark(xmlTextWriterPtr w, const char *type, const char *href,
                    const char *label)
{
	if (docconv_xml_start(w, "li") < 0 || docconv_xml_start(w, "a") < 0 ||
	    docconv_xml_attr(w, "epub:type", type) < 0 ||
	    docconv_xml_attr(w, "href", href) < 0 ||
	    docconv_xml_text(w, label, strlen(label)) < 0 ||
	    docconv_xml_end(w) < 0)
		return -1;
	return docconv_xml_end(w);
}

/* The landmarks: where the cover and the text are (not the contents,
 * which are not in the spine). Reading systems offer them in their own
 * menus, so the list is hidden on the page. */
static int build_landmarks(xmlTextWriterPtr w, const package *p)
{
	char first[ENTRY_NAME_MAX];
	article_name(first, 0);
	if (docconv_xml_start(w, "nav") < 0 ||
	    docconv_xml_attr(w, "epub:type", "landmarks") < 0 ||
	    docconv_xml_attr(w, "id", "landmarks") < 0 ||
	    docconv_xml_attr(w, "aria-label", p->words->landmarks) < 0 ||
	    docconv_xml_attr(w, "hidden", "hidden") < 0 ||
	    docconv_xml_start(w, "ol") < 0 ||
	    (p->cover &&
	     landmark(w, "cover", "cover.xhtml", p->words->cover) < 0) ||
	    (p->book->n_docs &&
	     landmark(w, "bodymatter", first, p->words->start) < 0) ||
	    docconv_xml_end(w) < 0 || docconv_xml_end(w) < 0)
		return -1;
	return 0;
}

/* A line of the contents; an article in another language than the
 * book's says so, for the voice that reads it. */
static int toc_link(xmlTextWriterPtr w, const package *p, const toc_entry *e)
{
	const char *lang = docconv_doc_lang(p->book->docs[e->doc]);
	if (docconv_xml_start(w, "a") < 0 ||
	    docconv_xml_attr(w, "href", e->href) < 0 ||
	    (lang && strcmp(lang, p->lang) != 0 &&
	     (docconv_xml_attr(w, "lang", lang) < 0 ||
	      docconv_xml_attr(w, "xml:lang", lang) < 0)) ||
	    toc_label(w, p, e) < 0)
		return -1;
	return docconv_xml_end(w);
}

static int build_nav(xmlTextWriterPtr w, const package *p, size_t doc)
{
	(void)doc;
	const char *label = p->words->contents;
	docconv_page page = { 1, p->lang, label, p->vertical, p->opts };
	int in_sub = 0;
	if (docconv_xhtml_begin(w, &page) < 0 ||
	    docconv_xml_start(w, "nav") < 0 ||
	    docconv_xml_attr(w, "epub:type", "toc") < 0 ||
	    docconv_xml_attr(w, "role", "doc-toc") < 0 ||
	    docconv_xml_attr(w, "id", "toc") < 0 ||
	    docconv_xml_element(w, "h1", NULL, label) < 0 ||
	    docconv_xml_start(w, "ol") < 0)
		return -1;
	for (size_t i = 0; i < p->n_toc; i++) {
		const toc_entry *e = &p->toc[i];
		if (!e->heading) {
			/* A new article: close the one before, with its subheads. */
			if ((in_sub && docconv_xml_end(w) < 0) ||
			    (i && docconv_xml_end(w) < 0))
				return -1;
			in_sub = 0;
		} else if (!in_sub) {
			if (docconv_xml_start(w, "ol") < 0)
				return -1;
			in_sub = 1;
		}
		if (docconv_xml_start(w, "li") < 0 || toc_link(w, p, e) < 0 ||
		    (e->heading && docconv_xml_end(w) < 0))
			return -1;
	}
	/* Close the open lists and the contents' nav. */
	if ((in_sub && docconv_xml_end(w) < 0) ||
	    (p->n_toc && docconv_xml_end(w) < 0) ||
	    docconv_xml_end(w) < 0 || docconv_xml_end(w) < 0)
		return -1;
	return build_landmarks(w, p);  /* docconv_xml_finish closes the page */
}

static int ncx_meta(xmlTextWriterPtr w, const char *name, const char *content)
{
	if (docconv_xml_start(w, "meta") < 0 ||
	    docconv_xml_attr(w, "name", name) < 0 ||
	    docconv_xml_attr(w, "content", content) < 0)
		return -1;
	return docconv_xml_end_void(w);
}

static int build_ncx(xmlTextWriterPtr w, const package *p, size_t doc)
{
	(void)doc;
	char depth[4];
	snprintf(depth, sizeof depth, "%d", p->toc_depth);
	if (xmlTextWriterSetIndent(w, 1) < 0 ||
	    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ||
	    docconv_xml_start(w, "ncx") < 0 ||
	    docconv_xml_attr(w, "xmlns", NCX_NS) < 0 ||
	    docconv_xml_attr(w, "version", "2005-1") < 0 ||
	    docconv_xml_attr(w, "xml:lang", p->lang) < 0 ||
	    docconv_xml_start(w, "head") < 0 ||
	    ncx_meta(w, "dtb:uid", p->uid) < 0 ||
	    ncx_meta(w, "dtb:depth", depth) < 0 ||
	    ncx_meta(w, "dtb:totalPageCount", "0") < 0 ||
	    ncx_meta(w, "dtb:maxPageNumber", "0") < 0 ||
	    docconv_xml_end(w) < 0 || docconv_xml_start(w, "docTitle") < 0 ||
	    docconv_xml_element(w, "text", NULL, p->title) < 0 ||
	    docconv_xml_end(w) < 0 || docconv_xml_start(w, "navMap") < 0)
		return -1;
	for (size_t i = 0; i < p->n_toc; i++) {
		const toc_entry *e = &p->toc[i];
		char id[32], order[32];
		snprintf(id, sizeof id, "np%zu", i + 1);
		snprintf(order, sizeof order, "%zu", i + 1);
		/* An article's navPoint stays open around its subheads'. */
		if (!e->heading && i && docconv_xml_end(w) < 0)
			return -1;
		if (docconv_xml_start(w, "navPoint") < 0 ||
		    docconv_xml_attr(w, "id", id) < 0 ||
		    docconv_xml_attr(w, "playOrder", order) < 0 ||
		    docconv_xml_start(w, "navLabel") < 0 ||
		    docconv_xml_start(w, "text") < 0 || toc_label(w, p, e) < 0 ||
		    docconv_xml_end(w) < 0 || docconv_xml_end(w) < 0 ||
		    docconv_xml_start(w, "content") < 0 ||
		    docconv_xml_attr(w, "src", e->href) < 0 ||
		    docconv_xml_end_void(w) < 0 ||
		    (e->heading && docconv_xml_end(w) < 0))
			return -1;
	}
	return 0;  /* docconv_xml_finish closes the rest */
}

/* What the cover shows: the kicker and source of a single article, the
 * book's title and date. */
static epub_cover cover_of(const package *p)
{
	epub_cover c = { p->lang, NULL, p->title, p->date, NULL, NULL, NULL, 0, 0 };
	if (p->book->n_docs == 1) {
		const docconv_meta *m = docconv_doc_meta(p->book->docs[0]);
		c.kicker = m->kicker;
		c.source = m->source;
	}
	if (p->n_photos) {
		c.photo = p->photos[0].href;
		c.photo_figure = p->photos[0].figure;
		c.photo_width = p->photos[0].photo->width;
		c.photo_height = p->photos[0].photo->height;
	}
	return c;
}

static int build_cover_svg(xmlTextWriterPtr w, const package *p, size_t doc)
{
	(void)doc;
	epub_cover c = cover_of(p);
	return epub_cover_svg(w, &c);
}

/* The cover picture on a page of its own, its text as the alternative. */
static int build_cover_page(xmlTextWriterPtr w, const package *p, size_t doc)
{
	(void)doc;
	epub_cover c = cover_of(p);
	docconv_page page = { 1, p->lang, p->words->cover, p->vertical, p->opts };
	docconv_buf alt;
	docconv_buf_init(&alt);
	int r = -1;
	if (epub_cover_alt(&c, &alt) < 0 || docconv_xhtml_begin(w, &page) < 0 ||
	    docconv_xml_start(w, "div") < 0 ||
	    docconv_xml_attr(w, "class", "cover") < 0 ||
	    docconv_xml_start(w, "img") < 0 ||
	    docconv_xml_attr(w, "role", "doc-cover") < 0 ||
	    docconv_xml_attr(w, "src", "cover.svg") < 0 ||
	    docconv_xml_attr(w, "alt", alt.data) < 0 ||
	    docconv_xml_end_void(w) < 0)
		goto out;
	r = 0;
out:
	docconv_buf_free(&alt);
	return r;
}

static int build_article(xmlTextWriterPtr w, const package *p, size_t doc)
{
	const docconv_doc *d = p->book->docs[doc];
	docconv_page page = { 1, docconv_doc_lang(d), docconv_doc_title(d),
	                      p->vertical, p->opts };
	docconv_xhtml_photos photos = { photo_src, (void *)p };
	if (docconv_xhtml_begin(w, &page) < 0)
		return -1;
	return docconv_xhtml_article(w, d, NULL, page.lang, &photos);
}

/* --- the zip ------------------------------------------------------------ */

static docconv_status add_entry(package *p, const char *name,
                                const void *data, size_t len, entry_mode mode)
{
	docconv_status st = DOCCONV_OK;
	zip_source_t *src = NULL;
	zip_int64_t idx;
	if (mode == ENTRY_STORED) {
		/* libzip reads the data at zip_close, so it gets its own copy. */
		void *copy = malloc(len ? len : 1);
		if (copy) {
			memcpy(copy, data, len);
			if (!(src = zip_source_buffer(p->zip, copy, len, 1)))
				free(copy);
		}
	} else {
		src = epub_deflated_source(p->deflater, p->zip, name, data, len,
		                           mode == ENTRY_UNCHANGING);
	}
	if (!src) {
		st = docconv_fail(p->d, DOCCONV_ERR_NOMEM,
		                  "out of memory adding %s to the EPUB", name);
		goto out;
	}
	if ((idx = zip_file_add(p->zip, name, src, 0)) < 0) {
		zip_source_free(src);
		goto zip_failed;
	}
	if ((mode == ENTRY_STORED &&
	     zip_set_file_compression(p->zip, (zip_uint64_t)idx, ZIP_CM_STORE,
	                              0) < 0) ||
	    zip_file_set_dostime(p->zip, (zip_uint64_t)idx, p->dos_time,
	                         p->dos_date, 0) < 0)
		goto zip_failed;
	goto out;
zip_failed:
	st = docconv_fail(p->d, DOCCONV_ERR_INTERNAL,
	                  "cannot add %s to the EPUB: %s", name,
	                  zip_strerror(p->zip));
out:
	return st;
}

static docconv_status add_document(package *p, const char *name,
                                   build_fn build, size_t doc,
                                   entry_mode mode)
{
	docconv_status st = DOCCONV_OK;
	docconv_xml x;
	if (docconv_xml_open(&x) < 0 || build(x.w, p, doc) < 0 ||
	    docconv_xml_finish(&x) < 0) {
		st = docconv_xml_failed(p->d, name);
		goto out;
	}
	st = add_entry(p, name, xmlBufferContent(x.buf),
	               (size_t)xmlBufferLength(x.buf), mode);
out:
	docconv_xml_free(&x);
	return st;
}

static docconv_status add_entries(package *p)
{
	docconv_status st;
	docconv_buf css;
	docconv_buf_init(&css);
	static const char mimetype[] = "application/epub+zip";
	if ((st = add_entry(p, "mimetype", mimetype, sizeof mimetype - 1,
	                    ENTRY_STORED)) ||
	    (st = add_document(p, "META-INF/container.xml", build_container, 0,
	                       ENTRY_UNCHANGING)) ||
	    (st = add_document(p, "OEBPS/content.opf", build_opf, 0,
	                       ENTRY_DEFLATED)) ||
	    (st = add_document(p, "OEBPS/nav.xhtml", build_nav, 0,
	                       ENTRY_DEFLATED)) ||
	    (st = add_document(p, "OEBPS/toc.ncx", build_ncx, 0,
	                       ENTRY_DEFLATED)))
		goto out;
	if (docconv_xhtml_stylesheet(p->opts, &css) < 0) {
		st = docconv_fail(p->d, DOCCONV_ERR_NOMEM,
		                  "out of memory for the stylesheet");
		goto out;
	}
	if ((st = add_entry(p, "OEBPS/style.css", css.data, css.len,
	                    ENTRY_UNCHANGING)))
		goto out;
	if (p->cover &&
	    ((st = add_document(p, "OEBPS/cover.svg", build_cover_svg, 0,
	                        ENTRY_DEFLATED)) ||
	     (st = add_document(p, "OEBPS/cover.xhtml", build_cover_page, 0,
	                        ENTRY_DEFLATED))))
		goto out;
	for (size_t i = 0; i < p->book->n_docs; i++) {
		char file[ENTRY_NAME_MAX], name[ENTRY_NAME_MAX + 8];
		article_name(file, i);
		snprintf(name, sizeof name, "OEBPS/%s", file);
		if ((st = add_document(p, name, build_article, i,
		                       ENTRY_DEFLATED)))
			goto out;
	}
	for (size_t i = 0; i < p->n_photos; i++) {
		char name[ENTRY_NAME_MAX + 16];
		snprintf(name, sizeof name, "OEBPS/%s", p->photos[i].href);
		if ((st = add_entry(p, name, p->photos[i].photo->data,
		                    p->photos[i].photo->size, ENTRY_STORED)))
			goto out;
		snprintf(name, sizeof name, "OEBPS/%s.jpg", p->photos[i].href);
		if (p->photos[i].fallback &&
		    (st = add_entry(p, name, p->photos[i].fallback,
		                    p->photos[i].fallback_len, ENTRY_STORED)))
			goto out;
	}
out:
	docconv_buf_free(&css);
	return st;
}

/* libzip before 1.9 sets two static bitmaps in zip_open_from_source lazily
 * and without a lock (nih-at/libzip#289): a thread that sees the first set
 * and the second not yet takes any source for read-only and fails with
 * "Read-only archive". Batch workers write EPUBs side by side, so opening is
 * done one thread at a time; the rest of the work on a zip_t is per thread. */
static pthread_mutex_t zip_open_lock = PTHREAD_MUTEX_INITIALIZER;

static zip_t *open_zip(zip_source_t *src, zip_error_t *ze)
{
	pthread_mutex_lock(&zip_open_lock);
	zip_t *zip = zip_open_from_source(src, ZIP_TRUNCATE, ze);
	pthread_mutex_unlock(&zip_open_lock);
	return zip;
}

/* Builds the zip in memory and sends its bytes to the sink. */
static docconv_status write_zip(package *p, docconv_sink *sink)
{
	docconv_status st = DOCCONV_OK;
	zip_error_t ze;
	zip_source_t *mem = NULL;
	unsigned char *bytes = NULL;
	zip_stat_t zs;
	int opened = 0;
	zip_error_init(&ze);
	if (!(mem = zip_source_buffer_create(NULL, 0, 0, &ze)) ||
	    !(p->zip = open_zip(mem, &ze))) {
		st = docconv_fail(p->d, DOCCONV_ERR_INTERNAL,
		                  "cannot start the EPUB archive: %s",
		                  zip_error_strerror(&ze));
		goto out;
	}
	zip_source_keep(mem);  /* the bytes outlive zip_close */
	if ((st = add_entries(p)) != DOCCONV_OK)
		goto out;
	if (zip_close(p->zip) < 0) {
		st = docconv_fail(p->d, DOCCONV_ERR_INTERNAL,
		                  "cannot finish the EPUB archive: %s",
		                  zip_strerror(p->zip));
		goto out;
	}
	p->zip = NULL;
	if (zip_source_open(mem) < 0)
		goto read_failed;
	opened = 1;
	zip_stat_init(&zs);
	if (zip_source_stat(mem, &zs) < 0 || !(zs.valid & ZIP_STAT_SIZE))
		goto read_failed;
	if (!(bytes = malloc(zs.size ? zs.size : 1))) {
		st = docconv_fail(p->d, DOCCONV_ERR_NOMEM,
		                  "out of memory for the EPUB archive");
		goto out;
	}
	if (zip_source_read(mem, bytes, zs.size) != (zip_int64_t)zs.size)
		goto read_failed;
	st = docconv_sink_write(sink, bytes, zs.size);
	goto out;
read_failed:
	st = docconv_fail(p->d, DOCCONV_ERR_INTERNAL,
	                  "cannot read the EPUB archive back from memory: %s",
	                  zip_error_strerror(zip_source_error(mem)));
out:
	if (p->zip)
		zip_discard(p->zip);
	p->zip = NULL;
	if (opened)
		zip_source_close(mem);
	zip_source_free(mem);
	zip_error_fini(&ze);
	free(bytes);
	return st;
}

/* The context: a deflater kept from book to book (in a batch, one per
 * thread). */
docconv_status docconv_epub_create(const docconv_write_opts *opts, void **ctx,
                                   docconv_diag *d)
{
	(void)opts;
	epub_deflater *f = malloc(sizeof *f);
	*ctx = f;
	if (!f)
		return docconv_fail(d, DOCCONV_ERR_NOMEM, "out of memory");
	epub_deflater_init(f);
	return DOCCONV_OK;
}

void docconv_epub_destroy(void *ctx)
{
	if (ctx)
		epub_deflater_free(ctx);
	free(ctx);
}

docconv_status docconv_write_epub(void *ctx, const docconv_book *book,
                                  const docconv_write_opts *opts,
                                  docconv_sink *sink, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	package p;
	epub_deflater own;             /* without a context: for this book */
	epub_deflater_init(&own);
	memset(&p, 0, sizeof p);
	p.deflater = ctx ? ctx : &own;
	p.book = book;
	p.opts = opts;
	p.d = d;
	if ((st = docconv_check_user_css(opts, d)) != DOCCONV_OK)
		goto out;
	p.lang = docconv_book_lang(book);
	p.words = epub_words_for(p.lang);
	p.date = book_date(book);
	p.vertical = docconv_book_vertical(book, opts, d);
	p.cover = !(opts && opts->no_cover);
	p.title = docconv_book_title(book);
	if ((st = make_uid(&p)) || (st = set_times(&p)) || (st = make_toc(&p)) ||
	    (st = make_photos(&p)))
		goto out;
	st = write_zip(&p, sink);
out:
	free(p.toc);
	free_photos(&p);
	epub_deflater_free(&own);
	return st;
}
