/*
 * log.h: one line per event, key=value, to stderr:
 *   ts=2026-11-23T18:00:00.123Z level=info event=listen addr=127.0.0.1:7411
 * Thread-safe (one fprintf per line). Callers pass the key=value tail.
 */
#ifndef CVD_LOG_H
#define CVD_LOG_H

#include <stdint.h>

void log_event(const char *level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* log_now_ms: wall-clock time in ms since the Unix epoch, UTC. */
uint64_t log_now_ms(void);

/* log_format_time writes ms as "YYYY-MM-DDTHH:MM:SS.mmmZ" into buf[32]. */
char *log_format_time(uint64_t ms, char buf[32]);

#endif
