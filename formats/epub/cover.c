/* cover.c — the book's cover as an SVG picture: a coloured band, the
 * kicker, the title in large type, the date and the source. See cover.h.
 */
#include "cover.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xhtml.h"

/* The page: 2:3, the shape of most e-book covers, in user units. */
#define COVER_WIDTH 1200
#define COVER_HEIGHT 1800
#define COVER_MARGIN 110
#define COVER_TEXT_WIDTH (COVER_WIDTH - 2 * COVER_MARGIN)
/* The title's room: from below the kicker to above the date. */
#define TITLE_TOP 560
#define TITLE_BOTTOM 1420
#define TITLE_LEADING 1.25
#define KICKER_SIZE 46
#define KICKER_BASELINE 490
/* With a photo: the photo from under the top band down to PHOTO_BOTTOM
 * (a 3:2 picture fills it nearly whole), then the kicker and the title in
 * the room left. */
#define PHOTO_TOP 28
#define PHOTO_BOTTOM 848
#define PHOTO_KICKER_BASELINE 930
#define PHOTO_TITLE_TOP 960
#define PHOTO_TITLE_BOTTOM 1440
#define KICKER_LINES 2
#define DATE_SIZE 44
#define DATE_BASELINE 1560
#define SOURCE_SIZE 34
#define SOURCE_BASELINE 1640
/* The title's sizes, largest first; the first at which it fits is taken. */
static const int title_sizes[] = { 104, 92, 80, 70, 60 };
/* The most lines a cover line can need: the title at its smallest size. */
#define MAX_LINES ((TITLE_BOTTOM - TITLE_TOP) * 100 / (60 * 125))
/* Characters on one line at most, whatever their widths: zero-width
 * marks could otherwise make one line of a whole text. */
#define LINE_CHARS_MAX 200
/* Width of "…", which ends a line cut short. */
#define ELLIPSIS_EM 1.0

/* Colours: every text at WCAG AA contrast on the ground (#fbfaf6). */
#define GROUND "#fbfaf6"
#define ACCENT "#8a1c1c"      /* 8.5:1 */
#define INK "#1a1a1a"         /* 16:1 */
#define GREY "#4a4a4a"        /* 8.6:1 */

/* One line: bytes [start, end) of the text, and whether it ends in "…". */
typedef struct cover_line {
	size_t start, end;
	int ellipsis;
} cover_line;

static int lang_cjk(const char *lang)
{
	return lang && (strncmp(lang, "zh", 2) == 0 || strncmp(lang, "ja", 2) == 0)
	       && (lang[2] == '\0' || lang[2] == '-');
}

static int lang_traditional(const char *lang)
{
	return lang && (strncmp(lang, "zh-Hant", 7) == 0 ||
	                strncmp(lang, "zh-TW", 5) == 0 ||
	                strncmp(lang, "zh-HK", 5) == 0 ||
	                strncmp(lang, "zh-MO", 5) == 0);
}

/* An estimate, in ems, of a character's advance in a bold face: on the
 * wide side, so that a line never runs off the page. */
static double char_em(uint32_t cp)
{
	if (docconv_is_combining(cp))
		return 0;
	if (cp == ' ')
		return 0.3;
	if (docconv_is_cjk(cp) || cp >= 0x2e80)
		return 1.0;
	if (docconv_is_upper_latin(cp))
		return 0.75;
	if (docconv_is_lower_latin(cp) || (cp >= '0' && cp <= '9'))
		return 0.56;
	return 0.6;
}

/* Whether a line may start at the character `cp` that follows `prev`:
 * after a space or, unless `at_spaces`, a hyphen, or beside a CJK
 * character where kinsoku allows. */
static int may_break(uint32_t prev, uint32_t cp, int at_spaces)
{
	if (docconv_is_combining(cp) || docconv_is_space(cp))
		return 0;
	if (docconv_is_space(prev))
		return 1;
	if (at_spaces)
		return 0;
	if (prev == '-')
		return 1;
	if (!docconv_is_cjk(prev) && !docconv_is_cjk(cp))
		return 0;
	return !docconv_kinsoku_no_start(cp) && !docconv_kinsoku_no_end(prev);
}

static size_t skip_spaces(const char *s, size_t n, size_t i)
{
	uint32_t cp;
	size_t len;
	while (i < n && (len = docconv_utf8_decode(s + i, n - i, &cp)) &&
	       docconv_is_space(cp))
		i += len;
	return i;
}

static size_t trim_end(const char *s, size_t start, size_t end)
{
	size_t len;
	while (end > start && docconv_is_space(docconv_utf8_last(s, end, &len)))
		end -= len;
	return end;
}

/* The line that starts at `start` and is at most `max_em` wide: its end,
 * and in *next where the line after it starts. A line with no place to
 * break is cut where it is full, and *cut says so. */
static size_t fit_line(const char *s, size_t n, size_t start, double max_em,
                       int at_spaces, size_t *next, int *cut)
{
	size_t i = start, brk = 0, chars = 0;
	double width = 0;
	uint32_t prev = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = docconv_utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			cp = 0xfffd;  /* not UTF-8: cannot happen past the decoder */
			len = 1;
		}
		if (i > start && may_break(prev, cp, at_spaces))
			brk = i;
		width += char_em(cp);
		if ((width > max_em || ++chars > LINE_CHARS_MAX) && i > start) {
			/* No break in the line (one long word): cut it here. */
			*next = brk > start ? brk : i;
			*cut |= brk <= start;
			return trim_end(s, start, *next);
		}
		prev = cp;
		i += len;
	}
	*next = n;
	return trim_end(s, start, n);
}

static double width_em(const char *s, size_t start, size_t end)
{
	double w = 0;
	while (start < end) {
		uint32_t cp;
		size_t len = docconv_utf8_decode(s + start, end - start, &cp);
		if (len == 0)
			len = 1;
		w += char_em(cp);
		start += len;
	}
	return w;
}

/* Breaks `s` into at most `max_lines` lines of `max_em`; the last ends in
 * an ellipsis when the text goes on. With `at_spaces`, lines break at
 * spaces only, and *cut (if given) says whether one had to be cut
 * elsewhere. Returns the number of lines. */
static size_t break_lines(const char *s, double max_em, size_t max_lines,
                          int at_spaces, cover_line *out, int *cut)
{
	size_t n = strlen(s), i = skip_spaces(s, n, 0), count = 0;
	int was_cut = 0;
	while (i < n && count < max_lines) {
		size_t next, end = fit_line(s, n, i, max_em, at_spaces, &next,
		                            &was_cut);
		out[count].start = i;
		out[count].end = end;
		out[count].ellipsis = 0;
		count++;
		i = skip_spaces(s, n, next);
	}
	if (i < n && count) {
		cover_line *last = &out[count - 1];
		size_t len;
		while (last->end > last->start &&
		       width_em(s, last->start, last->end) + ELLIPSIS_EM > max_em) {
			docconv_utf8_last(s, last->end, &len);
			last->end -= len ? len : 1;
		}
		last->end = trim_end(s, last->start, last->end);
		last->ellipsis = 1;
	}
	if (cut)
		*cut = was_cut;
	return count;
}

/* --- writing ------------------------------------------------------------ */

static int attr_num(xmlTextWriterPtr w, const char *name, long v)
{
	char num[24];
	snprintf(num, sizeof num, "%ld", v);
	return docconv_xml_attr(w, name, num);
}

static int rect(xmlTextWriterPtr w, long x, long y, long width, long height,
                const char *fill)
{
	if (docconv_xml_start(w, "rect") < 0 || attr_num(w, "x", x) < 0 ||
	    attr_num(w, "y", y) < 0 || attr_num(w, "width", width) < 0 ||
	    attr_num(w, "height", height) < 0 ||
	    docconv_xml_attr(w, "fill", fill) < 0)
		return -1;
	return docconv_xml_end_void(w);
}

/* A group of lines in one face, size and colour; the first baseline at
 * `y`. Returns the number of lines written, or -1. */
static int text_lines(xmlTextWriterPtr w, const char *s, int size,
                      double leading, size_t max_lines, int at_spaces,
                      long y, const char *family, const char *weight,
                      const char *fill)
{
	cover_line lines[MAX_LINES];
	size_t n = break_lines(s, (double)COVER_TEXT_WIDTH / size,
	                       max_lines < MAX_LINES ? max_lines : MAX_LINES,
	                       at_spaces, lines, NULL);
	if (docconv_xml_start(w, "g") < 0 ||
	    docconv_xml_attr(w, "font-family", family) < 0 ||
	    attr_num(w, "font-size", size) < 0 ||
	    (weight && docconv_xml_attr(w, "font-weight", weight) < 0) ||
	    docconv_xml_attr(w, "fill", fill) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		long base = y + (long)((double)i * size * leading + 0.5);
		if (docconv_xml_start(w, "text") < 0 ||
		    attr_num(w, "x", COVER_MARGIN) < 0 ||
		    attr_num(w, "y", base) < 0 ||
		    docconv_xml_text(w, s + lines[i].start,
		                     lines[i].end - lines[i].start) < 0 ||
		    (lines[i].ellipsis &&
		     xmlTextWriterWriteString(w, BAD_CAST "\xe2\x80\xa6") < 0) ||
		    docconv_xml_end(w) < 0)
			return -1;
	}
	if (docconv_xml_end(w) < 0)
		return -1;
	return (int)n;
}

/* Where the kicker and the title go: lower down under a photo. */
typedef struct cover_layout {
	long kicker_baseline, title_top, title_bottom;
} cover_layout;

static const cover_layout plain_layout = {
	KICKER_BASELINE, TITLE_TOP, TITLE_BOTTOM
};
static const cover_layout photo_layout = {
	PHOTO_KICKER_BASELINE, PHOTO_TITLE_TOP, PHOTO_TITLE_BOTTOM
};

static size_t title_room(const cover_layout *l, int size)
{
	size_t room = (size_t)((double)(l->title_bottom - l->title_top) /
	                       (size * TITLE_LEADING));
	return room < MAX_LINES ? room : MAX_LINES;
}

/* The largest size at which the whole title fits its room, breaking at
 * its spaces alone where some size allows (a Chinese headline's space
 * parts its phrases: 争当党建排头兵 汇集能量促发展), else anywhere
 * allowed; *at_spaces says which. */
static int title_size(const cover_layout *l, const char *title,
                      int *at_spaces)
{
	size_t count = sizeof title_sizes / sizeof title_sizes[0];
	for (*at_spaces = 1; *at_spaces >= 0; (*at_spaces)--)
		for (size_t i = 0; i < count; i++) {
			int size = title_sizes[i], cut = 0;
			cover_line lines[MAX_LINES];
			size_t n = break_lines(title, (double)COVER_TEXT_WIDTH / size,
			                       title_room(l, size), *at_spaces, lines,
			                       &cut);
			if (n == 0 || (!lines[n - 1].ellipsis && !cut))
				return size;
		}
	*at_spaces = 0;
	return title_sizes[count - 1];
}

static const char *serif_family(const char *lang)
{
	if (lang_traditional(lang))
		return "'Noto Serif CJK TC', 'Source Han Serif TC', 'AR PL UMing TW', "
		       "'AR PL UMing', serif";
	if (lang_cjk(lang))
		return "'Noto Serif CJK SC', 'Source Han Serif SC', 'AR PL UMing CN', "
		       "'AR PL UMing', serif";
	return "'Liberation Serif', Georgia, 'Times New Roman', serif";
}

static const char *sans_family(const char *lang)
{
	if (lang_cjk(lang))
		return "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Zen Hei', "
		       "sans-serif";
	return "'Liberation Sans', Arial, Helvetica, sans-serif";
}

static int has(const char *s)
{
	return s && *s;
}

/* The photo across the cover's upper part, filling it: SVG scales it to
 * cover the band and cuts what overflows (preserveAspectRatio slice). */
static int cover_photo(xmlTextWriterPtr w, const epub_cover *c)
{
	if (docconv_xml_start(w, "image") < 0 || attr_num(w, "x", 0) < 0 ||
	    attr_num(w, "y", PHOTO_TOP) < 0 ||
	    attr_num(w, "width", COVER_WIDTH) < 0 ||
	    attr_num(w, "height", PHOTO_BOTTOM - PHOTO_TOP) < 0 ||
	    docconv_xml_attr(w, "preserveAspectRatio", "xMidYMid slice") < 0 ||
	    docconv_xml_attr(w, "xlink:href", c->photo) < 0)
		return -1;
	return docconv_xml_end_void(w);
}

int epub_cover_svg(xmlTextWriterPtr w, const epub_cover *c)
{
	char viewbox[32], date[64];
	docconv_buf alt;
	docconv_buf_init(&alt);
	int r = -1;
	const cover_layout *l = c->photo ? &photo_layout : &plain_layout;
	snprintf(viewbox, sizeof viewbox, "0 0 %d %d", COVER_WIDTH, COVER_HEIGHT);
	epub_cover_date(c->lang, c->date, date, sizeof date);
	const char *title = has(c->title) ? c->title : "";
	int at_spaces;
	int size = title_size(l, title, &at_spaces);
	if (epub_cover_alt(c, &alt) < 0 ||
	    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ||
	    docconv_xml_start(w, "svg") < 0 ||
	    docconv_xml_attr(w, "xmlns", "http://www.w3.org/2000/svg") < 0 ||
	    (c->photo && docconv_xml_attr(w, "xmlns:xlink",
	                                  "http://www.w3.org/1999/xlink") < 0) ||
	    docconv_xml_attr(w, "version", "1.1") < 0 ||
	    attr_num(w, "width", COVER_WIDTH) < 0 ||
	    attr_num(w, "height", COVER_HEIGHT) < 0 ||
	    docconv_xml_attr(w, "viewBox", viewbox) < 0 ||
	    docconv_xml_attr(w, "xml:lang", c->lang) < 0 ||
	    xmlTextWriterWriteString(w, BAD_CAST "\n") < 0 ||
	    docconv_xml_element(w, "title", NULL, alt.data) < 0 ||
	    rect(w, 0, 0, COVER_WIDTH, COVER_HEIGHT, GROUND) < 0 ||
	    rect(w, 0, 0, COVER_WIDTH, 28, ACCENT) < 0 ||
	    (c->photo && cover_photo(w, c) < 0) ||
	    (has(c->kicker) &&
	     text_lines(w, c->kicker, KICKER_SIZE, TITLE_LEADING, KICKER_LINES,
	                0, l->kicker_baseline, sans_family(c->lang), "bold",
	                ACCENT) < 0))
		goto out;
	int lines = text_lines(w, title, size, TITLE_LEADING,
	                       title_room(l, size), at_spaces, l->title_top + size,
	                       serif_family(c->lang), "bold", INK);
	if (lines < 0)
		goto out;
	/* A short rule under the title, as under a headline. */
	long rule_y = l->title_top + size +
	              (long)(((double)(lines ? lines - 1 : 0) * TITLE_LEADING +
	                      0.6) * size);
	if (rect(w, COVER_MARGIN, rule_y, 160, 8, ACCENT) < 0 ||
	    (*date && text_lines(w, date, DATE_SIZE, TITLE_LEADING, 1, 0,
	                         DATE_BASELINE, sans_family(c->lang), NULL,
	                         INK) < 0) ||
	    (has(c->source) &&
	     text_lines(w, c->source, SOURCE_SIZE, TITLE_LEADING, 1, 0,
	                SOURCE_BASELINE, sans_family(c->lang), NULL, GREY) < 0) ||
	    rect(w, 0, COVER_HEIGHT - 28, COVER_WIDTH, 28, ACCENT) < 0)
		goto out;
	r = 0;
out:
	docconv_buf_free(&alt);
	return r;
}

/* --- what the cover says -------------------------------------------------- */

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

void epub_cover_date(const char *lang, const char *date, char *out,
                     size_t size)
{
	int y = 0, m = 0, d = 0;
	size_t n = date ? strlen(date) : 0;
	*out = '\0';
	if (!((n == 4 && sscanf(date, "%4d", &y) == 1) ||
	      (n == 7 && sscanf(date, "%4d-%2d", &y, &m) == 2) ||
	      (n == 10 && sscanf(date, "%4d-%2d-%2d", &y, &m, &d) == 3)) ||
	    m < 0 || m > 12 || d < 0 || d > 31 || (d && !m))
		return;
	if (lang_cjk(lang)) {
		/* 年, 月, 日 */
		if (d)
			snprintf(out, size, "%d\xe5\xb9\xb4%d\xe6\x9c\x88%d\xe6\x97\xa5",
			         y, m, d);
		else if (m)
			snprintf(out, size, "%d\xe5\xb9\xb4%d\xe6\x9c\x88", y, m);
		else
			snprintf(out, size, "%d\xe5\xb9\xb4", y);
	} else if (lang && strncmp(lang, "en", 2) == 0 &&
	           (lang[2] == '\0' || lang[2] == '-')) {
		if (d)
			snprintf(out, size, "%d %s %d", d, month_names[m - 1], y);
		else if (m)
			snprintf(out, size, "%s %d", month_names[m - 1], y);
		else
			snprintf(out, size, "%d", y);
	} else {
		snprintf(out, size, "%s", date);  /* ISO 8601 reads in any language */
	}
}

int epub_cover_alt(const epub_cover *c, docconv_buf *out)
{
	char date[64];
	const char *sep = lang_cjk(c->lang) ? "\xef\xbc\x8c" : ", ";  /* ， */
	epub_cover_date(c->lang, c->date, date, sizeof date);
	const docconv_node *cap = c->photo_figure
	        ? docconv_figure_part(c->photo_figure, DOCCONV_NODE_CAPTION)
	        : NULL;
	char *caption = cap ? docconv_node_text(cap, NULL) : NULL;
	if (cap && !caption)
		return -1;
	const char *parts[5] = { c->kicker, c->title, date, c->source, caption };
	int first = 1, r = 0;
	for (size_t i = 0; i < 5 && !r; i++) {
		if (!has(parts[i]))
			continue;
		if ((!first && docconv_buf_puts(out, sep) < 0) ||
		    docconv_buf_puts(out, parts[i]) < 0)
			r = -1;
		first = 0;
	}
	free(caption);
	return r || docconv_buf_putc(out, '\0') < 0 ? -1 : 0;
}
