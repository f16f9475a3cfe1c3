/* photos.c — indexes of picture files, matching them to an article's
 * captions, and reading and checking each (photos.h).
 */
#include "photos.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conv/core/mem.h"
#include "conv/core/names.h"
#include "conv/core/source.h"

typedef struct photo_file {
	char *rel;
	uint64_t at, size;
} photo_file;

struct docconv_photo_index {
	docconv_photo_read_fn read;
	void *user;
	photo_file *files;       /* sorted by strcmp once sealed */
	size_t n_files, cap_files;
	char **articles;         /* articles' paths without their extension */
	size_t n_articles, cap_articles;
	int dir_fd;              /* a folder on disk: its root, else -1 */
	int follow_links;
};

/* --- the index ---------------------------------------------------------- */

docconv_photo_index *docconv_photo_index_new(docconv_photo_read_fn read,
                                             void *user)
{
	docconv_photo_index *x = calloc(1, sizeof *x);
	if (!x)
		return NULL;
	x->read = read;
	x->user = user;
	x->dir_fd = -1;
	return x;
}

void docconv_photo_index_free(docconv_photo_index *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->n_files; i++)
		free(x->files[i].rel);
	for (size_t i = 0; i < x->n_articles; i++)
		free(x->articles[i]);
	free(x->files);
	free(x->articles);
	if (x->dir_fd >= 0)
		close(x->dir_fd);
	free(x);
}

docconv_status docconv_photo_index_add(docconv_photo_index *x,
                                       const char *rel, uint64_t at,
                                       uint64_t size)
{
	if (x->n_files >= DOCCONV_PHOTOS_MAX_FILES)
		return DOCCONV_ERR_LIMIT;
	if (docconv_array_reserve((void **)&x->files, &x->cap_files,
	                          x->n_files + 1, sizeof *x->files))
		return DOCCONV_ERR_NOMEM;
	photo_file *f = &x->files[x->n_files];
	if (!(f->rel = docconv_strdup(rel)))
		return DOCCONV_ERR_NOMEM;
	f->at = at;
	f->size = size;
	x->n_files++;
	return DOCCONV_OK;
}

/* The length of `rel` without the extension of its last part. */
static size_t stem_length(const char *rel)
{
	const char *slash = strrchr(rel, '/');
	const char *base = slash ? slash + 1 : rel;
	const char *dot = strrchr(base, '.');
	return dot && dot != base ? (size_t)(dot - rel) : strlen(rel);
}

docconv_status docconv_photo_index_add_article(docconv_photo_index *x,
                                               const char *rel)
{
	if (docconv_array_reserve((void **)&x->articles, &x->cap_articles,
	                          x->n_articles + 1, sizeof *x->articles))
		return DOCCONV_ERR_NOMEM;
	if (!(x->articles[x->n_articles] = docconv_strndup(rel,
	                                                   stem_length(rel))))
		return DOCCONV_ERR_NOMEM;
	x->n_articles++;
	return DOCCONV_OK;
}

static int by_rel(const void *a, const void *b)
{
	return strcmp(((const photo_file *)a)->rel, ((const photo_file *)b)->rel);
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

docconv_status docconv_photo_index_seal(docconv_photo_index *x)
{
	if (x->n_files)
		qsort(x->files, x->n_files, sizeof *x->files, by_rel);
	if (x->n_articles)
		qsort(x->articles, x->n_articles, sizeof *x->articles, by_string);
	return DOCCONV_OK;
}

size_t docconv_photo_index_count(const docconv_photo_index *x)
{
	return x ? x->n_files : 0;
}

/* The first file whose path is not below `key` in strcmp order. */
static size_t lower_bound(const docconv_photo_index *x, const char *key)
{
	size_t lo = 0, hi = x->n_files;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(x->files[mid].rel, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int is_article(const docconv_photo_index *x, const char *stem,
                      size_t len)
{
	if (!x->n_articles)
		return 0;
	char *key = docconv_strndup(stem, len);
	int found = key && bsearch(&key, x->articles, x->n_articles,
	                           sizeof *x->articles, by_string);
	free(key);
	return found;
}

static const photo_file *find_file(const docconv_photo_index *x,
                                   const char *rel)
{
	size_t i = lower_bound(x, rel);
	return i < x->n_files && strcmp(x->files[i].rel, rel) == 0
	               ? &x->files[i] : NULL;
}

/* --- a folder on disk ----------------------------------------------------- */

/* Opens rel below the folder `root`, never through a symbolic link
 * unless `follow`. */
static int open_below(int root, const char *rel, int follow)
{
	int nofollow = follow ? 0 : O_NOFOLLOW;
	int fd = dup(root);
	const char *p = rel;
	for (const char *slash; fd >= 0 && (slash = strchr(p, '/'));
	     p = slash + 1) {
		char part[DOCCONV_NAME_MAX_PART + 1];
		size_t len = (size_t)(slash - p);
		if (len == 0 || len > DOCCONV_NAME_MAX_PART) {
			close(fd);
			errno = ENOENT;
			return -1;
		}
		memcpy(part, p, len);
		part[len] = '\0';
		int next = openat(fd, part,
		                  O_RDONLY | O_DIRECTORY | O_CLOEXEC | nofollow);
		close(fd);
		fd = next;
	}
	if (fd < 0)
		return -1;
	int file = openat(fd, p, O_RDONLY | O_CLOEXEC | O_NOCTTY | nofollow);
	close(fd);
	return file;
}

docconv_status docconv_photo_read_fd(int fd, unsigned char **bytes,
                                     size_t *n,
                                     char why[DOCCONV_IMAGE_WHY_MAX])
{
	docconv_status st;
	struct stat sb;
	docconv_source src;
	int over = 0;
	*bytes = NULL;
	*n = 0;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		snprintf(why, DOCCONV_IMAGE_WHY_MAX, "cannot open it: %s",
		         errno == ELOOP ? "a symbolic link, not followed"
		                        : strerror(errno));
		st = DOCCONV_ERR_READ;
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(why, DOCCONV_IMAGE_WHY_MAX, "not a regular file");
		st = DOCCONV_ERR_READ;
		goto out;
	}
	docconv_source_fd(&src, fd);
	st = docconv_source_read_all(&src, DOCCONV_IMAGE_MAX_BYTES,
	                             (size_t)sb.st_size, bytes, n, &over);
	if (st == DOCCONV_ERR_READ)
		snprintf(why, DOCCONV_IMAGE_WHY_MAX, "cannot read it: %s",
		         strerror(errno));
	else if (st == DOCCONV_OK && over) {
		snprintf(why, DOCCONV_IMAGE_WHY_MAX,
		         "over the limit of %zu bytes for a photo",
		         DOCCONV_IMAGE_MAX_BYTES);
		st = DOCCONV_ERR_LIMIT;
	}
out:
	if (st != DOCCONV_OK) {
		free(*bytes);
		*bytes = NULL;
	}
	if (fd >= 0)
		close(fd);
	return st;
}

static docconv_status read_from_folder(void *user, const char *rel,
                                       uint64_t at, uint64_t size,
                                       unsigned char **bytes, size_t *n,
                                       char why[DOCCONV_IMAGE_WHY_MAX])
{
	const docconv_photo_index *x = user;
	(void)at;
	(void)size;
	return docconv_photo_read_fd(open_below(x->dir_fd, rel, x->follow_links),
	                             bytes, n, why);
}

/* Lists the folder `dfd` (whose path below the root is rel), taking its
 * pictures and articles; its folders as photos.h says. */
static docconv_status list_folder(docconv_photo_index *x, int dfd,
                                  docconv_buf *rel, unsigned depth,
                                  const char *stem, int recursive,
                                  docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	DIR *dir = fdopendir(dfd);
	if (!dir) {
		close(dfd);
		return docconv_fail(d, DOCCONV_ERR_READ, "cannot list %s: %s",
		                    rel->len ? rel->data : ".", strerror(errno));
	}
	size_t at = rel->len;
	struct dirent *de;
	while (st == DOCCONV_OK && (errno = 0, de = readdir(dir))) {
		const char *name = de->d_name;
		struct stat sb;
		if (name[0] == '.')
			continue;   /* ".", "..", and hidden names */
		rel->len = at;
		if ((at && docconv_buf_putc(rel, '/')) ||
		    docconv_buf_puts(rel, name)) {
			st = DOCCONV_ERR_NOMEM;
			break;
		}
		if (fstatat(dirfd(dir), name, &sb,
		            x->follow_links ? 0 : AT_SYMLINK_NOFOLLOW) != 0)
			continue;   /* gone, or a dangling link: not a photo */
		if (S_ISDIR(sb.st_mode)) {
			int wanted = recursive ? depth < DOCCONV_PHOTOS_MAX_DEPTH
			                       : depth == 0 && stem &&
			                                 strcmp(name, stem) == 0;
			int sub = wanted ? openat(dirfd(dir), name,
			                          O_RDONLY | O_DIRECTORY | O_CLOEXEC |
			                          (x->follow_links ? 0 : O_NOFOLLOW))
			                 : -1;
			if (sub >= 0)
				st = list_folder(x, sub, rel, depth + 1, NULL, recursive,
				                 d);
		} else if (S_ISREG(sb.st_mode) && docconv_image_has_extension(name)) {
			st = docconv_photo_index_add(x, rel->data, 0,
			                             (uint64_t)sb.st_size);
		} else if (S_ISREG(sb.st_mode) &&
		           docconv_name_has_extension(name, "txt")) {
			st = docconv_photo_index_add_article(x, rel->data);
		}
	}
	if (st == DOCCONV_OK && errno)
		st = docconv_fail(d, DOCCONV_ERR_READ, "cannot list %s: %s",
		                  at ? rel->data : ".", strerror(errno));
	if (st == DOCCONV_ERR_LIMIT)
		st = docconv_fail(d, st, "more than %u pictures in %s",
		                  DOCCONV_PHOTOS_MAX_FILES, rel->data);
	rel->len = at;
	if (rel->data)
		rel->data[at] = '\0';
	closedir(dir);
	return st;
}

docconv_status docconv_photo_index_folder(const char *dir, const char *stem,
                                          int recursive, int follow_links,
                                          docconv_photo_index **out,
                                          docconv_diag *d)
{
	docconv_status st;
	docconv_buf rel;
	docconv_buf_init(&rel);
	docconv_photo_index *x = docconv_photo_index_new(read_from_folder, NULL);
	*out = NULL;
	if (!x)
		return DOCCONV_ERR_NOMEM;
	x->user = x;
	x->follow_links = follow_links;
	/* The folder itself was named (or holds the article named): a link
	 * to it is followed. */
	int fd = -1;
	if ((x->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    (fd = dup(x->dir_fd)) < 0) {
		st = docconv_fail(d, DOCCONV_ERR_READ, "cannot open the folder %s: %s",
		                  dir, strerror(errno));
		goto out;
	}
	if (docconv_buf_reserve(&rel, 256)) {
		close(fd);
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	rel.data[0] = '\0';
	if ((st = list_folder(x, fd, &rel, 0, stem, recursive, d)) == DOCCONV_OK)
		st = docconv_photo_index_seal(x);
out:
	docconv_buf_free(&rel);
	if (st != DOCCONV_OK)
		docconv_photo_index_free(x);
	else
		*out = x;
	return st;
}

/* --- matching ------------------------------------------------------------- */

/* A photo found for an article, and why it is its. */
typedef struct candidate {
	const photo_file *file;
	unsigned long number;    /* story-N; 0 for story.jpg */
	int in_folder;           /* in story/ */
} candidate;

static int by_order(const void *pa, const void *pb)
{
	const candidate *a = pa, *b = pb;
	if (a->in_folder != b->in_folder)
		return a->in_folder - b->in_folder;
	if (a->number != b->number)
		return a->number < b->number ? -1 : 1;
	return docconv_name_natural_cmp(a->file->rel, b->file->rel);
}

/* Whether `rest` (what follows the article's stem in a picture's name) is
 * ".ext", or a separator and a number then ".ext"; *number gets it. */
static int numbered(const char *rest, unsigned long *number)
{
	*number = 0;
	if (*rest == '-' || *rest == '_' || *rest == ' ') {
		const char *p = rest + 1;
		if (*p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9') {
			if (*number < 100000000ul)
				*number = *number * 10 + (unsigned long)(*p - '0');
			p++;
		}
		rest = p;
		if (*number == 0)
			*number = 1;
	}
	return *rest == '.' && !strchr(rest + 1, '.') && !strchr(rest, '/');
}

static docconv_status add_candidate(candidate **c, size_t *n, size_t *cap,
                                    const photo_file *f, unsigned long number,
                                    int in_folder)
{
	if (docconv_array_reserve((void **)c, cap, *n + 1, sizeof **c))
		return DOCCONV_ERR_NOMEM;
	(*c)[(*n)++] = (candidate){ f, number, in_folder };
	return DOCCONV_OK;
}

/* The photos of the article `place` names, in order, in a new array. */
static docconv_status find_photos(const docconv_photo_place *place,
                                  candidate **out, size_t *n_out)
{
	docconv_status st = DOCCONV_OK;
	const docconv_photo_index *x = place->index;
	const char *slash = strrchr(place->article, '/');
	size_t folder_len = slash ? (size_t)(slash + 1 - place->article) : 0;
	size_t prefix_len = stem_length(place->article);
	candidate *c = NULL;
	size_t n = 0, cap = 0;
	char *prefix = docconv_strndup(place->article, prefix_len);
	*out = NULL;
	*n_out = 0;
	if (!prefix)
		return DOCCONV_ERR_NOMEM;
	for (size_t i = lower_bound(x, prefix);
	     st == DOCCONV_OK && i < x->n_files &&
	     strncmp(x->files[i].rel, prefix, prefix_len) == 0;
	     i++) {
		const photo_file *f = &x->files[i];
		const char *rest = f->rel + prefix_len;
		unsigned long number;
		if (rest[0] == '/' && !strchr(rest + 1, '/'))
			st = add_candidate(&c, &n, &cap, f, 0, 1);
		else if (numbered(rest, &number) &&
		         (number == 0 ||
		          !is_article(x, f->rel, stem_length(f->rel))))
			st = add_candidate(&c, &n, &cap, f, number, 0);
	}
	/* --images DIR of one article: every picture in it. */
	if (st == DOCCONV_OK && n == 0 && place->every_photo)
		for (size_t i = 0; st == DOCCONV_OK && i < x->n_files; i++) {
			const char *rel = x->files[i].rel;
			if (strncmp(rel, place->article, folder_len) == 0 &&
			    !strchr(rel + folder_len, '/'))
				st = add_candidate(&c, &n, &cap, &x->files[i], 0, 0);
		}
	free(prefix);
	if (st != DOCCONV_OK) {
		free(c);
		return st;
	}
	if (n)
		qsort(c, n, sizeof *c, by_order);
	*out = c;
	*n_out = n;
	return DOCCONV_OK;
}

/* --- reading and checking ------------------------------------------------- */

/* A figure of the page, in caption order. */
typedef struct figure_ref {
	docconv_doc *doc;
	docconv_node *node;
} figure_ref;

typedef struct attach {
	const docconv_photo_place *place;
	docconv_buf *explain;
	docconv_diag *d;
	size_t folder_len;       /* of the article's path */
	int oom;
} attach;

static void explain(attach *a, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void explain(attach *a, const char *fmt, ...)
{
	char line[DOCCONV_IMAGE_WHY_MAX + 2 * DOCCONV_NAME_MAX];
	va_list ap;
	if (!a->explain)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (docconv_buf_puts(a->explain, line) || docconv_buf_putc(a->explain, '\n'))
		a->oom = 1;
}

/* "figure 2 (line 7)": a figure of the page for messages. */
static void figure_label(char *out, size_t size, size_t i,
                         const docconv_node *fig)
{
	unsigned long line = docconv_node_first_line(fig);
	if (line)
		snprintf(out, size, "figure %zu (line %lu)", i + 1, line);
	else
		snprintf(out, size, "figure %zu", i + 1);
}

/* Whether a path named by a model stays below its folder. */
static int safe_path(const char *path)
{
	char safe[DOCCONV_NAME_MAX + 1];
	unsigned changes;
	const char *why;
	return *path &&
	       docconv_name_sanitize(path, strlen(path), safe, sizeof safe,
	                             &changes, &why) == DOCCONV_OK &&
	       changes == 0 && strcmp(safe, path) == 0;
}

/* Reads and checks the picture `rel` of the index: its bytes in *bytes
 * and what it is in *info, or a warning (and DOCCONV_ERR_INPUT) naming
 * `name`. */
static docconv_status load(attach *a, const char *rel, const photo_file *f,
                           const char *name, unsigned char **bytes,
                           size_t *n, docconv_image_info *info)
{
	char why[DOCCONV_IMAGE_WHY_MAX];
	const docconv_photo_index *x = a->place->index;
	docconv_status st = x->read(x->user, rel,
	                            f ? f->at : DOCCONV_PHOTO_UNLISTED,
	                            f ? f->size : 0, bytes, n, why);
	if (st == DOCCONV_OK) {
		st = docconv_image_check(*bytes, *n, info, why);
		if (st != DOCCONV_OK) {
			free(*bytes);
			*bytes = NULL;
		}
	}
	if (st == DOCCONV_ERR_NOMEM || st == DOCCONV_ERR_INTERNAL)
		return docconv_fail(a->d, st, "photo %s: %s", name, why);
	if (st != DOCCONV_OK) {
		docconv_warn(a->d, "photo %s (%s): %s; not used", name,
		             a->place->where, why);
		explain(a, "photo %s: not used: %s", name, why);
		return DOCCONV_ERR_INPUT;
	}
	return DOCCONV_OK;
}

static void take(docconv_node *fig, unsigned char *bytes, size_t n,
                 const docconv_image_info *info)
{
	docconv_figure_load_photo(fig, bytes, n,
	                          docconv_image_media_type(info->format),
	                          info->width, info->height);
}

/* Photos the model names itself (--from json). */
static docconv_status attach_named(attach *a, figure_ref *figs, size_t n)
{
	docconv_status st = DOCCONV_OK;
	for (size_t i = 0; i < n && st == DOCCONV_OK; i++) {
		const docconv_photo *p = docconv_figure_photo(figs[i].node);
		char label[64], *rel = NULL;
		unsigned char *bytes = NULL;
		size_t len = 0;
		docconv_image_info info;
		if (!p)
			continue;
		figure_label(label, sizeof label, i, figs[i].node);
		if (!a->place || !a->place->index) {
			docconv_warn(a->d, "photo %s: not found (no folder to look "
			             "in: the model came on standard input, or its "
			             "folder has no pictures); give --images DIR; not "
			             "used", p->path);
			docconv_figure_drop_photo(figs[i].node);
			continue;
		}
		if (!safe_path(p->path)) {
			docconv_warn(a->d, "photo %s: a photo's path must be relative "
			             "and stay inside its folder; not used", p->path);
			docconv_figure_drop_photo(figs[i].node);
			continue;
		}
		size_t plen = strlen(p->path);
		if (!(rel = malloc(a->folder_len + plen + 1)))
			return DOCCONV_ERR_NOMEM;
		memcpy(rel, a->place->article, a->folder_len);
		memcpy(rel + a->folder_len, p->path, plen + 1);
		st = load(a, rel, find_file(a->place->index, rel), p->path, &bytes,
		          &len, &info);
		if (st == DOCCONV_OK) {
			explain(a, "photo %s -> %s: named by the model", p->path,
			        label);
			take(figs[i].node, bytes, len, &info);
		} else if (st == DOCCONV_ERR_INPUT) {
			docconv_figure_drop_photo(figs[i].node);
			st = DOCCONV_OK;
		}
		free(rel);
	}
	return st;
}

/* A figure with an empty caption and credit, for a photo past the last
 * caption, after `after` (NULL: first) in `doc`. */
static docconv_status new_figure(docconv_doc *doc, docconv_node *after,
                                 docconv_node **out)
{
	docconv_node *fig = docconv_figure_new("", 0, "", 0);
	*out = NULL;
	if (!fig)
		return DOCCONV_ERR_NOMEM;
	docconv_status st = docconv_doc_insert_block(doc, after, fig);
	if (st == DOCCONV_OK)
		*out = fig;
	return st;
}

/* The block a photo past every caption follows: the last figure, else
 * the end of the first article's title block (NULL: the very start). */
static docconv_node *after_last_caption(docconv_doc *doc, figure_ref *figs,
                                        size_t n, docconv_doc **in)
{
	if (n) {
		*in = figs[n - 1].doc;
		return figs[n - 1].node;
	}
	*in = doc;
	docconv_node *b = NULL;
	size_t title_block = docconv_doc_find_title_block(doc);
	for (docconv_node *k = docconv_node_first_child(docconv_doc_root(doc));
	     k && title_block; k = docconv_node_next(k), title_block--)
		b = k;
	return b;
}

static const char *ordinal_suffix(size_t n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	return n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
}

/* Photos found by their names (photos.h). */
static docconv_status attach_found(attach *a, docconv_doc *doc,
                                   figure_ref *figs, size_t n_figs)
{
	docconv_status st;
	candidate *c = NULL;
	size_t n = 0;
	const char *article = a->place->article + a->folder_len;
	if ((st = find_photos(a->place, &c, &n)) != DOCCONV_OK)
		return st;
	if (n == 0)
		explain(a, "photos: none found %s (named %.*s-1.jpg, %.*s_2.png, or "
		        "in a folder %.*s/)", a->place->where,
		        (int)stem_length(article), article,
		        (int)stem_length(article), article,
		        (int)stem_length(article), article);
	else
		explain(a, "photos: %zu found %s, for %zu caption%s", n,
		        a->place->where, n_figs, n_figs == 1 ? "" : "s");
	docconv_doc *extra_doc = NULL;
	docconv_node *after = n > n_figs
	                              ? after_last_caption(doc, figs, n_figs,
	                                                   &extra_doc)
	                              : NULL;
	for (size_t i = 0; i < n && st == DOCCONV_OK; i++) {
		const char *path = c[i].file->rel + a->folder_len;
		unsigned char *bytes = NULL;
		size_t len = 0;
		docconv_image_info info;
		char label[64], why[96];
		if (c[i].in_folder)
			snprintf(why, sizeof why, "in the folder %.*s/",
			         (int)stem_length(article), article);
		else if (a->place->every_photo && !c[i].number &&
		         strncmp(path, article, stem_length(article)) != 0)
			snprintf(why, sizeof why, "the %zu%s picture in the folder",
			         i + 1, ordinal_suffix(i + 1));
		else if (c[i].number)
			snprintf(why, sizeof why, "named after the article, number %lu",
			         c[i].number);
		else
			snprintf(why, sizeof why, "named after the article");
		if ((st = load(a, c[i].file->rel, c[i].file, path, &bytes, &len,
		               &info)) == DOCCONV_ERR_INPUT) {
			st = DOCCONV_OK;
			continue;
		}
		if (st != DOCCONV_OK)
			break;
		docconv_node *fig;
		if (i < n_figs) {
			fig = figs[i].node;
			figure_label(label, sizeof label, i, fig);
			explain(a, "photo %s -> %s, the %zu%s caption: %s", path,
			        label, i + 1, ordinal_suffix(i + 1), why);
		} else {
			st = new_figure(extra_doc, after, &fig);
			if (st != DOCCONV_OK) {
				free(bytes);
				break;
			}
			after = fig;
			explain(a, "photo %s -> a new figure with no caption, after "
			        "the last: more photos than captions (%s)", path, why);
		}
		if ((st = docconv_figure_name_photo(fig, path, strlen(path))) !=
		    DOCCONV_OK) {
			free(bytes);
			break;
		}
		take(fig, bytes, len, &info);
	}
	for (size_t i = n; i < n_figs && st == DOCCONV_OK && n; i++) {
		char label[64];
		figure_label(label, sizeof label, i, figs[i].node);
		explain(a, "%s: no photo: fewer photos than captions; its caption "
		        "stays text", label);
	}
	free(c);
	return st;
}

docconv_status docconv_photos_attach(docconv_doc *doc,
                                     const docconv_photo_place *place,
                                     docconv_buf *explain_out, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	figure_ref *figs = NULL;
	size_t n = 0, cap = 0;
	int named = 0;
	attach a = { place, explain_out, d, 0, 0 };
	if (place && place->article) {
		const char *slash = strrchr(place->article, '/');
		a.folder_len = slash ? (size_t)(slash + 1 - place->article) : 0;
	}
	for (docconv_doc *art = doc; art; art = docconv_doc_next(art))
		for (docconv_node *b = docconv_node_first_child(docconv_doc_root(art));
		     b; b = docconv_node_next(b)) {
			if (docconv_node_get_type(b) != DOCCONV_NODE_FIGURE)
				continue;
			if (docconv_array_reserve((void **)&figs, &cap, n + 1,
			                          sizeof *figs)) {
				st = DOCCONV_ERR_NOMEM;
				goto out;
			}
			figs[n++] = (figure_ref){ art, b };
			named |= docconv_figure_photo(b) != NULL;
		}
	if (named)
		st = attach_named(&a, figs, n);
	else if (place && place->index)
		st = attach_found(&a, doc, figs, n);
	if (st == DOCCONV_OK && a.oom)
		st = DOCCONV_ERR_NOMEM;
out:
	free(figs);
	return st;
}
