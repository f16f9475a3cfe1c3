/* progress.c — the batch progress bar and summary (progress.h). */
#include "progress.h"

/* Characters of the bar itself; the whole line stays under 80 columns. */
#define BAR_WIDTH 24

/* "m:ss", or "h:mm:ss" past an hour. */
static void format_duration(char *out, size_t n, double seconds)
{
	unsigned long s = seconds > 0 ? (unsigned long)(seconds + 0.5) : 0;
	if (s >= 3600)
		snprintf(out, n, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(out, n, "%lu:%02lu", s / 60, s % 60);
}

void progress_init(progress *p, FILE *out, int bar)
{
	p->out = out;
	p->bar = bar;
	p->shown = 0;
}

void progress_draw(progress *p, const docconv_batch_progress *bp)
{
	if (!p->bar || bp->total == 0)
		return;
	char bar[BAR_WIDTH + 1], eta[32];
	size_t filled = bp->done * BAR_WIDTH / bp->total;
	for (size_t i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < filled ? '#' : '.';
	bar[BAR_WIDTH] = '\0';
	double rate = bp->elapsed > 0 ? (double)bp->done / bp->elapsed : 0;
	if (rate > 0)
		format_duration(eta, sizeof eta, (double)(bp->total - bp->done) / rate);
	else
		snprintf(eta, sizeof eta, "-:--");
	fprintf(p->out, "\r[%s] %zu/%zu %3zu%%  %.1f/s  ETA %s", bar, bp->done,
	        bp->total, bp->done * 100 / bp->total, rate, eta);
	if (bp->failed)
		fprintf(p->out, "  %zu failed", bp->failed);
	fputs("\033[K", p->out);
	fflush(p->out);
	p->shown = 1;
}

void progress_clear(progress *p)
{
	if (!p->shown)
		return;
	fputs("\r\033[K", p->out);
	fflush(p->out);
	p->shown = 0;
}

void progress_summary(progress *p, const char *program,
                      const docconv_batch_summary *s, unsigned shard_index,
                      unsigned shard_count)
{
	progress_clear(p);
	fprintf(p->out, "%s: %zu converted, %zu skipped, %zu failed in %.2f s",
	        program, s->converted, s->skipped + s->existing, s->failed,
	        s->seconds);
	size_t handled = s->converted + s->failed + s->existing;
	if (handled && s->seconds > 0)
		fprintf(p->out, " (%.1f/s, %u worker%s)",
		        (double)handled / s->seconds, s->jobs,
		        s->jobs == 1 ? "" : "s");
	if (s->existing)
		fprintf(p->out, "; %zu already converted", s->existing);
	if (shard_count)
		fprintf(p->out, "; shard %u/%u", shard_index, shard_count);
	fputc('\n', p->out);
}
