import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, formatProgress, isTerminal } from '../../../cli/progress.ts';

function sink(tty: boolean) {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  Object.assign(stream, { isTTY: tty });
  return { stream, text: () => chunks.join('') };
}

describe('progress line', () => {
  it('shows records, MiB, rates and elapsed time', () => {
    expect(formatProgress('produce orders', 200_000, 5 * 1024 * 1024, 2_000)).toBe(
      'produce orders: 200,000 records, 5.0 MiB, 100,000 records/s, 2.5 MiB/s, 2.0 s',
    );
  });

  it('redraws in place on a terminal and erases itself when stopped', () => {
    const out = sink(true);
    let now = 1_000;
    const p = createProgress(out.stream, { label: 'consume t', enabled: isTerminal(out.stream), now: () => now });
    p.add(10, 1024 * 1024);
    now += 1_000;
    p.draw();
    p.stop();
    expect(out.text()).toBe('\r\x1b[Kconsume t: 10 records, 1.0 MiB, 10 records/s, 1.0 MiB/s, 1.0 s\r\x1b[K');
  });

  it('draws nothing when disabled (stderr not a terminal, or --quiet)', () => {
    const out = sink(false);
    expect(isTerminal(out.stream)).toBe(false);
    const p = createProgress(out.stream, { label: 'x', enabled: false });
    p.add(1, 1);
    p.draw();
    p.stop();
    expect(out.text()).toBe('');
  });
});
