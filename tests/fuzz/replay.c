/* replay.c — runs a harness over files instead of under libFuzzer: each
 * argument is a file, or a folder whose every file is run (in name order,
 * so a failure is reproducible). This is how the corpus, and every crash
 * found and kept in it, runs as an ordinary test. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conv/core/decode.h"
#include "conv/pipeline/pipeline.h"
#include "fuzz.h"

static int run_file(const char *path)
{
	unsigned char *bytes = NULL;
	size_t n = 0;
	int over;
	docconv_diag d;
	docconv_diag_init(&d, path);
	docconv_status st = docconv_read_path(path, DOCCONV_MAX_INPUT_BYTES, &bytes,
	                                      &n, &over, &d);
	if (st == DOCCONV_OK && over)
		st = DOCCONV_ERR_LIMIT;
	docconv_diag_free(&d);
	if (st != DOCCONV_OK) {
		fprintf(stderr, "replay: cannot read %s: %s\n", path,
		        docconv_status_name(st));
		return -1;
	}
	LLVMFuzzerTestOneInput(bytes, n);
	free(bytes);
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_entry(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

/* Runs every file of `dir`; returns the number run, -1 on an error. */
static long run_dir(const char *dir)
{
	struct dirent **names = NULL;
	long count = 0;
	int n = scandir(dir, &names, is_entry, by_name);
	if (n < 0) {
		fprintf(stderr, "replay: cannot list %s: %s\n", dir,
		        strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char path[4096];
		struct stat sb;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		if (count >= 0 && stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
			count = run_file(path) == 0 ? count + 1 : -1;
		free(names[i]);
	}
	free(names);
	return count;
}

int main(int argc, char **argv)
{
	long total = 0;
	for (int i = 1; i < argc; i++) {
		struct stat sb;
		long ran = stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode)
		           ? run_dir(argv[i])
		           : run_file(argv[i]) == 0 ? 1 : -1;
		if (ran < 0)
			return 1;
		total += ran;
	}
	if (total == 0) {
		fprintf(stderr, "replay: no inputs\n");
		return 1;
	}
	printf("replay: %ld inputs, no failure\n", total);
	return 0;
}
