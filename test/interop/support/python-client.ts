/**
 * The Python client scripts in test/interop/clients/: each takes one JSON argument (the job) and
 * prints one JSON object per line (the events), so the tests assert on data, not on log text.
 */
import { fileURLToPath } from 'node:url';
import { PYTHON } from './clients.ts';
import { describeRun, LiveProcess, run } from './process.ts';

/** No __pycache__ beside the scripts in the source tree. */
const PYTHON_ENV: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };

/** One line a client script printed: `{"event": "...", ...}`. */
export interface ClientEvent {
  event: string;
  [field: string]: unknown;
}

export function scriptPath(name: string): string {
  return fileURLToPath(new URL(`../clients/${name}`, import.meta.url));
}

/** Parses the JSON lines of a script's stdout; a line that is not JSON is a broken script. */
export function parseEvents(lines: readonly string[]): ClientEvent[] {
  return lines
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as ClientEvent;
      } catch {
        throw new Error(`not a JSON line from a client script: ${l}`);
      }
    });
}

/** Runs a script to completion and returns its events; exit ≠ 0 fails with everything it printed. */
export async function runScript(name: string, job: object, timeoutMs: number): Promise<ClientEvent[]> {
  const args = [scriptPath(name), JSON.stringify(job)];
  const r = await run(PYTHON, args, { timeoutMs, env: PYTHON_ENV });
  if (r.code !== 0) throw new Error(`client script failed\n${describeRun(PYTHON, args, r)}`);
  return parseEvents(r.stdout.split('\n'));
}

/** A script that keeps running (a group member), with its events as they arrive. */
export class LiveScript extends LiveProcess {
  constructor(name: string, job: object) {
    super(PYTHON, [scriptPath(name), JSON.stringify(job)], PYTHON_ENV);
  }

  events(): ClientEvent[] {
    return parseEvents(this.stdoutLines);
  }
}
