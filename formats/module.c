/* module.c — finding and loading a format's module (module.h). */
#include "module.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef DOCCONV_MODULE_DIR
#define DOCCONV_MODULE_DIR "/usr/local/lib/docconv"
#endif
#ifndef DOCCONV_MODULE_RELDIR
#define DOCCONV_MODULE_RELDIR "lib/docconv"
#endif

/* `rel` (a path from the program's folder) in path[PATH_MAX]; 0 when the
 * program's own path is unknown or the result too long. */
static int from_program(const char *rel, char path[PATH_MAX])
{
	ssize_t n = readlink("/proc/self/exe", path, PATH_MAX - 1);
	if (n <= 0)
		return 0;
	path[n] = '\0';
	char *slash = strrchr(path, '/');
	size_t len = strlen(rel) + 1;
	if (!slash || (size_t)(slash + 1 - path) + len > PATH_MAX)
		return 0;
	memcpy(slash + 1, rel, len);
	return 1;
}

/* pthread_once takes no argument: the module being loaded is passed here,
 * under the lock each module's once-control already gives. */
static __thread docconv_module *loading;

static void load(void)
{
	docconv_module *m = loading;
	char rel[PATH_MAX], path[PATH_MAX];
	void *h = NULL;
	/* Beside the program (the build tree), where an installed program
	 * finds its libraries, and where it was meant to be installed. */
	snprintf(rel, sizeof rel, "../%s/%s", DOCCONV_MODULE_RELDIR, m->file);
	const char *beside[] = { m->file, rel };
	for (size_t i = 0; i < sizeof beside / sizeof *beside && !h; i++)
		if (from_program(beside[i], path) && access(path, F_OK) == 0)
			h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(path, sizeof path, "%s/%s", DOCCONV_MODULE_DIR, m->file);
		h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	}
	if (!h) {
		const char *err = dlerror();
		snprintf(m->why, sizeof m->why, "%s%s", err ? err : m->file,
		         err ? "" : ": not found");
		return;
	}
	for (size_t i = 0; i < m->n_symbols; i++)
		if (!(m->symbols[i] = dlsym(h, m->names[i]))) {
			snprintf(m->why, sizeof m->why, "%s: no %s", m->file,
			         m->names[i]);
			dlclose(h);
			return;
		}
	m->loaded = 1;
}

int docconv_module_load(docconv_module *m)
{
	loading = m;
	pthread_once(&m->once, load);
	loading = NULL;
	return m->loaded;
}
