/* test_sink.c — file sinks (conv/core/sink.h), of both kinds of temporary
 * file (unnamed where the file system allows, and named): nothing is seen
 * under the output's name before it is complete; without
 * DOCCONV_SINK_REPLACE an existing name is never replaced; a file lands in
 * the folder that was opened, even when its path is swapped for a link
 * meanwhile; a named temporary file left by a writer that died is removed
 * by a later clean-up, a live one is not. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conv/core/sink.h"
#include "check.h"

static char root[] = "/tmp/docconv-sink-XXXXXX";

/* The names in `dir` but "." and "..", counted; `temps` counts those
 * shaped as the sink's temporary files. */
static int count_names(const char *dir, int *temps)
{
	int n = 0;
	DIR *d = opendir(dir);
	struct dirent *de;
	*temps = 0;
	while (d && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		n++;
		*temps += de->d_name[0] == '.' && strstr(de->d_name, ".docconv-") != NULL;
	}
	if (d)
		closedir(d);
	return n;
}

static char *slurp(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
	if (f)
		fclose(f);
	buf[n] = '\0';
	return f ? buf : NULL;
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	fputs(text, f);
	fclose(f);
}

static void path_of(char *out, size_t size, const char *dir, const char *name)
{
	snprintf(out, size, "%s/%s", dir, name);
}

/* Writes and commits `name` in a fresh folder; the temporary file is seen
 * by its name only when named. */
static void test_commit(unsigned kind)
{
	char dir[256], p[300];
	int temps;
	snprintf(dir, sizeof dir, "%s/commit-%u", root, kind);
	mkdir(dir, 0777);
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	docconv_diag d;
	docconv_diag_init(&d, NULL);
	docconv_sink *s;
	CHECK(docconv_sink_open_at(&s, fd, "a.txt", "a.txt", kind, &d) == DOCCONV_OK);
	CHECK(docconv_sink_puts(s, "hello") == DOCCONV_OK);
	int n = count_names(dir, &temps);
	CHECK(n == (kind & DOCCONV_SINK_NAMED ? 1 : 0));
	CHECK(temps == n);
	CHECK(docconv_sink_close(s, &d) == DOCCONV_OK);
	path_of(p, sizeof p, dir, "a.txt");
	CHECK_STR(slurp(p), "hello");
	CHECK(count_names(dir, &temps) == 1 && temps == 0);

	/* Without DOCCONV_SINK_REPLACE an existing name stays as it was. */
	CHECK(docconv_sink_open_at(&s, fd, "a.txt", "a.txt", kind, &d) == DOCCONV_OK);
	CHECK(docconv_sink_puts(s, "second") == DOCCONV_OK);
	CHECK(docconv_sink_close(s, &d) == DOCCONV_ERR_WRITE);
	CHECK(d.n_entries == 1 && strstr(d.entries[0].message, "a.txt exists; use --force"));
	CHECK_STR(slurp(p), "hello");
	CHECK(count_names(dir, &temps) == 1 && temps == 0);

	/* --skip-existing: found existing at commit, not an error. */
	int existed = 0;
	CHECK(docconv_sink_open_at(&s, fd, "a.txt", "a.txt", kind, &d) == DOCCONV_OK);
	CHECK(docconv_sink_puts(s, "third") == DOCCONV_OK);
	CHECK(docconv_sink_close_unless_exists(s, &existed, &d) == DOCCONV_OK);
	CHECK(existed == 1);
	CHECK_STR(slurp(p), "hello");

	/* With it, the file is replaced and keeps its mode. */
	chmod(p, 0640);
	CHECK(docconv_sink_open_at(&s, fd, "a.txt", "a.txt",
	                           kind | DOCCONV_SINK_REPLACE, &d) == DOCCONV_OK);
	CHECK(docconv_sink_puts(s, "fourth") == DOCCONV_OK);
	CHECK(docconv_sink_close(s, &d) == DOCCONV_OK);
	CHECK_STR(slurp(p), "fourth");
	struct stat sb;
	CHECK(stat(p, &sb) == 0 && (sb.st_mode & 07777) == 0640);

	/* Abandoned: nothing left. */
	CHECK(docconv_sink_open_at(&s, fd, "b.txt", "b.txt", kind, &d) == DOCCONV_OK);
	CHECK(docconv_sink_puts(s, "partial") == DOCCONV_OK);
	docconv_sink_discard(s);
	CHECK(count_names(dir, &temps) == 1 && temps == 0);

	/* A link at the name is never followed: it makes the commit fail, or
	 * is replaced itself. */
	char outside[300], link[300];
	path_of(outside, sizeof outside, root, "outside.txt");
	put(outside, "outside");
	path_of(link, sizeof link, dir, "l.txt");
	unlink(link);
	CHECK(symlink(outside, link) == 0);
	CHECK(docconv_sink_open_at(&s, fd, "l.txt", "l.txt", kind, &d) == DOCCONV_OK);
	CHECK(docconv_sink_puts(s, "mine") == DOCCONV_OK);
	CHECK(docconv_sink_close(s, &d) == DOCCONV_ERR_WRITE);
	CHECK(docconv_sink_open_at(&s, fd, "l.txt", "l.txt",
	                           kind | DOCCONV_SINK_REPLACE, &d) == DOCCONV_OK);
	CHECK(docconv_sink_puts(s, "mine") == DOCCONV_OK);
	CHECK(docconv_sink_close(s, &d) == DOCCONV_OK);
	CHECK(lstat(link, &sb) == 0 && S_ISREG(sb.st_mode));
	CHECK_STR(slurp(outside), "outside");
	CHECK_STR(slurp(link), "mine");
	docconv_diag_free(&d);
	close(fd);
}

/* The folder is the one opened, whatever its path names by the time the
 * file is made or published. */
static void test_swapped_folder(unsigned kind)
{
	char sub[300], moved[300], away[300], p[400];
	int temps;
	snprintf(sub, sizeof sub, "%s/swap-%u", root, kind);
	snprintf(moved, sizeof moved, "%s/swap-%u.moved", root, kind);
	snprintf(away, sizeof away, "%s/away-%u", root, kind);
	mkdir(sub, 0777);
	mkdir(away, 0777);
	int fd = open(sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	docconv_diag d;
	docconv_diag_init(&d, NULL);
	docconv_sink *s = NULL, *t = NULL;
	CHECK(docconv_sink_open_at(&s, fd, "x.txt", "x.txt", kind, &d) == DOCCONV_OK);
	CHECK(rename(sub, moved) == 0);
	CHECK(symlink(away, sub) == 0);
	CHECK(docconv_sink_open_at(&t, fd, "y.txt", "y.txt", kind, &d) == DOCCONV_OK);
	CHECK(docconv_sink_puts(s, "x") == DOCCONV_OK);
	CHECK(docconv_sink_puts(t, "y") == DOCCONV_OK);
	CHECK(docconv_sink_close(s, &d) == DOCCONV_OK);
	CHECK(docconv_sink_close(t, &d) == DOCCONV_OK);
	CHECK(count_names(away, &temps) == 0);
	snprintf(p, sizeof p, "%s/x.txt", moved);
	CHECK_STR(slurp(p), "x");
	snprintf(p, sizeof p, "%s/y.txt", moved);
	CHECK_STR(slurp(p), "y");
	docconv_diag_free(&d);
	close(fd);
}

/* A named temporary file whose writer died (here: a child that exits
 * without closing its sink) is removed by a later clean-up; one whose
 * writer lives (locked) is not. */
static void test_stale(void)
{
	char dir[300], p[400];
	int temps;
	snprintf(dir, sizeof dir, "%s/stale", root);
	mkdir(dir, 0777);
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	pid_t pid = fork();
	if (pid == 0) {
		docconv_diag d;
		docconv_diag_init(&d, NULL);
		docconv_sink *s;
		if (docconv_sink_open_at(&s, fd, "dead.txt", "dead.txt",
		                         DOCCONV_SINK_NAMED, &d) != DOCCONV_OK)
			_exit(1);
		docconv_sink_puts(s, "never finished");
		_exit(0);   /* as SIGKILL would: no clean-up */
	}
	int status = -1;
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(count_names(dir, &temps) == 1 && temps == 1);

	docconv_diag d;
	docconv_diag_init(&d, NULL);
	docconv_sink *live;
	CHECK(docconv_sink_open_at(&live, fd, "live.txt", "live.txt",
	                           DOCCONV_SINK_NAMED, &d) == DOCCONV_OK);
	CHECK(count_names(dir, &temps) == 2 && temps == 2);
	/* Files that only look like ours in name are regular files of the
	 * user's when someone holds them; a directory is never touched. */
	snprintf(p, sizeof p, "%s/.kept.docconv-abcdef", dir);
	mkdir(p, 0777);
	CHECK(docconv_sink_remove_stale(fd) == 1);
	CHECK(count_names(dir, &temps) == 2 && temps == 2);
	CHECK(docconv_sink_puts(live, "live") == DOCCONV_OK);
	CHECK(docconv_sink_close(live, &d) == DOCCONV_OK);
	snprintf(p, sizeof p, "%s/live.txt", dir);
	CHECK_STR(slurp(p), "live");
	CHECK(docconv_sink_remove_stale(fd) == 0);
	docconv_diag_free(&d);
	close(fd);
}

/* A file sink by path names what it could not do, with the cause. */
static void test_errors(void)
{
	char p[300];
	docconv_diag d;
	docconv_diag_init(&d, NULL);
	docconv_sink *s = NULL;
	snprintf(p, sizeof p, "%s/no-such-folder/x.txt", root);
	CHECK(docconv_sink_open_path(&s, p, 0, &d) == DOCCONV_ERR_WRITE);
	CHECK(s == NULL);
	CHECK(d.n_entries == 1 && strstr(d.entries[0].message, "No such file or directory") &&
	      strstr(d.entries[0].message, "no-such-folder/x.txt"));
	/* /dev/full: in place, and a failed write is told with the name and
	 * the cause when the writer gives up. */
	CHECK(docconv_sink_open_path(&s, "/dev/full", 0, &d) == DOCCONV_OK);
	char block[70000];
	memset(block, 'x', sizeof block);
	CHECK(docconv_sink_write(s, block, sizeof block) == DOCCONV_ERR_WRITE);
	CHECK(docconv_sink_failed(s));
	docconv_sink_abandon(s, &d);
	CHECK(d.n_entries == 2 && strstr(d.entries[1].message, "/dev/full") &&
	      strstr(d.entries[1].message, "No space left on device"));
	docconv_diag_free(&d);
}

int main(void)
{
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		return 1;
	}
	test_commit(0);
	test_commit(DOCCONV_SINK_NAMED);
	test_swapped_folder(0);
	test_swapped_folder(DOCCONV_SINK_NAMED);
	test_stale();
	test_errors();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", root);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", root);
	return check_report("sink");
}
