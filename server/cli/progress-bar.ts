/**
 * A progress bar for long CLI work, on standard error so standard output stays clean for
 * results: `[#####.....] 45,000 / 200,000 rows  12,345 rows/s  ETA 0:13`. On a terminal it
 * redraws one line; otherwise (a pipe, a log file) it prints a line every few seconds.
 */

/** Where the bar is drawn: a stream with `write`, and `isTTY` on a terminal. */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

const WIDTH = 24;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** Builds a bar labelled `label`; `now` (milliseconds) is injectable for tests. */
export function createProgressBar(
  label: string,
  output: ProgressOutput,
  options: { now?: () => number; intervalMs?: number } = {},
) {
  const now = options.now ?? Date.now;
  const tty = output.isTTY === true;
  const interval = options.intervalMs ?? (tty ? 100 : 5000);
  const started = now();
  // Off a terminal the first line waits one interval: a short run prints only its end.
  let drawnAt = tty ? -Infinity : started;

  /** The line for `done` of `total` (`fraction` stands in for the share done when total is unknown). */
  function line(done: number, total: number | null, fraction: number | null): string {
    const elapsed = (now() - started) / 1000;
    const share = total ? done / total : (fraction ?? 0);
    const filled = Math.max(0, Math.min(WIDTH, Math.round(share * WIDTH)));
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = share > 0 ? (elapsed / share) * (1 - share) : Number.NaN;
    const count = total
      ? `${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} rows`
      : `${done.toLocaleString('en-US')} rows (${Math.round(share * 100)} %)`;
    return `${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${count}  ${Math.round(rate).toLocaleString('en-US')} rows/s  ETA ${duration(eta)}`;
  }

  return {
    /** Reports progress; draws at most every `intervalMs`. */
    update(done: number, total: number | null, fraction: number | null = null): void {
      const t = now();
      if (t - drawnAt < interval) return;
      drawnAt = t;
      const text = line(done, total, fraction);
      output.write(tty ? `\r${text}\u001b[K` : `${text}\n`);
    },
    /** Draws the final state and ends the line. */
    finish(done: number, total: number | null): void {
      const final = line(done, total, 1);
      output.write(tty ? `\r${final}\u001b[K\n` : `${final}\n`);
    },
  };
}
