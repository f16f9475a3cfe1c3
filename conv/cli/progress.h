/* progress.h — how a batch looks on a terminal: a progress bar on standard
 * error, redrawn only when the batch reports (at most
 * DOCCONV_BATCH_PROGRESS_HZ times a second), cleared before any message
 * and at the end; and the summary line. Part of the command line, not of
 * the library, which never prints.
 */
#ifndef DOCCONV_PROGRESS_H
#define DOCCONV_PROGRESS_H

#include <stdio.h>

#include "conv/batch/batch.h"

typedef struct progress {
	FILE *out;
	int bar;          /* draw a bar: the stream is a terminal */
	int shown;        /* a bar is on the screen now */
} progress;

void progress_init(progress *p, FILE *out, int bar);
void progress_draw(progress *p, const docconv_batch_progress *bp);
/* Erases the bar, so that a message can take its line. */
void progress_clear(progress *p);
/* "docconv: 998 converted, 7 skipped, 2 failed in 3.21 s (311.0/s, 2
 * workers)", with the shard when there is one. */
void progress_summary(progress *p, const char *program,
                      const docconv_batch_summary *s, unsigned shard_index,
                      unsigned shard_count);

#endif
