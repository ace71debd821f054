/**
 * The progress line of long produce and consume runs: records, MiB, rates and elapsed time,
 * redrawn in place on stderr a few times a second. Only on a terminal: with stderr redirected, or
 * `--quiet`, it draws nothing, so logs and pipes stay clean.
 */
export interface ProgressOptions {
  /** What is moving, e.g. `produce orders`. */
  label: string;
  /** Draw at all: stderr is a TTY and --quiet is off. */
  enabled: boolean;
  /** Redraw interval (ms). Default 250. */
  intervalMs?: number;
  /** Clock (ms); tests pass their own. */
  now?: () => number;
}

export interface Progress {
  add(records: number, bytes: number): void;
  /** Draws now (also done by the timer). */
  draw(): void;
  /** Stops the timer and erases the line. */
  stop(): void;
}

/** True when the stream is a terminal. */
export function isTerminal(stream: NodeJS.WritableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

const MIB = 1024 * 1024;
const CLEAR_LINE = '\r\x1b[K';

export function formatProgress(label: string, records: number, bytes: number, elapsedMs: number): string {
  const seconds = Math.max(elapsedMs, 1) / 1000;
  const n = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return `${label}: ${n(records)} records, ${n(bytes / MIB, 1)} MiB, ${n(records / seconds)} records/s, ${n(bytes / MIB / seconds, 1)} MiB/s, ${n(seconds, 1)} s`;
}

export function createProgress(stream: NodeJS.WritableStream, options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const started = now();
  let records = 0;
  let bytes = 0;
  let drawn = false;
  if (!options.enabled) return { add: () => {}, draw: () => {}, stop: () => {} };
  const draw = () => {
    stream.write(`${CLEAR_LINE}${formatProgress(options.label, records, bytes, now() - started)}`);
    drawn = true;
  };
  const timer = setInterval(draw, options.intervalMs ?? 250);
  timer.unref();
  return {
    add(r, b) {
      records += r;
      bytes += b;
    },
    draw,
    stop() {
      clearInterval(timer);
      if (drawn) stream.write(CLEAR_LINE);
    },
  };
}
