/* a11y.c — accessibility metadata and the words of the book's own pages.
 * See a11y.h.
 */
#include "a11y.h"

#include <string.h>

#include "xhtml.h"

#define CONFORMANCE "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"

static const epub_words english = {
	"Contents", "Landmarks", "Cover", "Beginning",
	"Structured with headings and a table of contents; the text reads in "
	"one logical order, can be resized and restyled, and has no images.",
	"Structured with headings and a table of contents; the text reads in "
	"one logical order and can be resized and restyled. The only image is "
	"the cover, which has a text alternative.",
	"Structured with headings and a table of contents; the text reads in "
	"one logical order and can be resized and restyled. Each photo has its "
	"caption as its text alternative, and the cover, where there is one, "
	"says its text.",
	"en",
};

static const epub_words simplified = {
	"目录", "导航", "封面", "正文",
	"本书有标题层级和目录，文字按单一的逻辑顺序排列，可放大，可改变样式；"
	"书中没有图片。",
	"本书有标题层级和目录，文字按单一的逻辑顺序排列，可放大，可改变样式；"
	"唯一的图片是封面，附有文字说明。",
	"本书有标题层级和目录，文字按单一的逻辑顺序排列，可放大，可改变样式；"
	"每张照片以其图片说明作为替代文字，封面（如有）附有文字说明。",
	"zh",
};

static const epub_words traditional = {
	"目錄", "導覽", "封面", "正文",
	"本書有標題層級和目錄，文字按單一的邏輯順序排列，可放大，可改變樣式；"
	"書中沒有圖片。",
	"本書有標題層級和目錄，文字按單一的邏輯順序排列，可放大，可改變樣式；"
	"唯一的圖片是封面，附有文字說明。",
	"本書有標題層級和目錄，文字按單一的邏輯順序排列，可放大，可改變樣式；"
	"每張照片以其圖片說明作為替代文字，封面（如有）附有文字說明。",
	"zh-Hant",
};

static const epub_words japanese = {
	"目次", "ランドマーク", "表紙", "本文",
	"見出しと目次で構成され、本文は一つの論理的な順序で読め、文字の拡大や"
	"書式の変更ができます。画像はありません。",
	"見出しと目次で構成され、本文は一つの論理的な順序で読め、文字の拡大や"
	"書式の変更ができます。画像は表紙だけで、代替テキストがあります。",
	"見出しと目次で構成され、本文は一つの論理的な順序で読め、文字の拡大や"
	"書式の変更ができます。写真にはキャプションが代替テキストとして付き、"
	"表紙（ある場合）にも代替テキストがあります。",
	"ja",
};

/* Whether `lang` is `primary` or one of its subtags. */
static int lang_is(const char *lang, const char *primary)
{
	size_t n = strlen(primary);
	return strncmp(lang, primary, n) == 0 &&
	       (lang[n] == '\0' || lang[n] == '-');
}

const epub_words *epub_words_for(const char *lang)
{
	if (!lang)
		return &english;
	if (lang_is(lang, "zh-Hant") || lang_is(lang, "zh-TW") ||
	    lang_is(lang, "zh-HK") || lang_is(lang, "zh-MO"))
		return &traditional;
	if (lang_is(lang, "zh"))
		return &simplified;
	if (lang_is(lang, "ja"))
		return &japanese;
	return &english;
}

int epub_a11y_conforms(const char *book_lang, int user_css)
{
	return book_lang && *book_lang && strcmp(book_lang, "und") != 0 &&
	       !user_css;
}

static int meta(xmlTextWriterPtr w, const char *property, const char *value,
                const char *lang)
{
	if (docconv_xml_start(w, "meta") < 0 ||
	    docconv_xml_attr(w, "property", property) < 0 ||
	    (lang && docconv_xml_attr(w, "xml:lang", lang) < 0) ||
	    docconv_xml_text(w, value, strlen(value)) < 0)
		return -1;
	return docconv_xml_end(w);
}

int epub_a11y_metadata(xmlTextWriterPtr w, const epub_a11y *a)
{
	static const char *const features[] = {
		"structuralNavigation", "tableOfContents", "readingOrder",
		"displayTransformability",
	};
	const epub_words *words = epub_words_for(a->lang);
	/* The summary's language, where the book's is one we have no words
	 * for. */
	const char *summary_lang = strcmp(words->lang, "en") == 0 &&
	                           !lang_is(a->lang, "en") ? "en" : NULL;
	/* What a reader needs to take in the content: the text, and the
	 * sight of the cover, which its alternative text replaces. */
	int images = a->cover || a->photos;
	if (meta(w, "schema:accessMode", "textual", NULL) < 0 ||
	    (images && meta(w, "schema:accessMode", "visual", NULL) < 0) ||
	    meta(w, "schema:accessModeSufficient", "textual", NULL) < 0)
		return -1;
	for (size_t i = 0; i < sizeof features / sizeof features[0]; i++)
		if (meta(w, "schema:accessibilityFeature", features[i], NULL) < 0)
			return -1;
	if ((images &&
	     meta(w, "schema:accessibilityFeature", "alternativeText", NULL) < 0) ||
	    meta(w, "schema:accessibilityHazard", "none", NULL) < 0 ||
	    meta(w, "schema:accessibilitySummary",
	         a->photos ? words->summary_photos
	         : a->cover ? words->summary_cover : words->summary,
	         summary_lang) < 0 ||
	    (a->conforms &&
	     meta(w, "dcterms:conformsTo", CONFORMANCE, NULL) < 0))
		return -1;
	return 0;
}
