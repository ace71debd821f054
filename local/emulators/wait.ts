import type { SupervisedProcess } from './supervised.ts';

const POLL_MS = 100;

/**
 * Polls `endpoint` until any HTTP answer comes back (even an error status: the server is up and
 * parsing requests). Fails early with the process's output when it exits first.
 */
export async function waitUntilAnswers(
  endpoint: string,
  child: SupervisedProcess,
  timeoutMs: number,
  name: string,
): Promise<void> {
  let exited = false;
  void child.exited.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${name} exited before it answered:\n${child.output()}`);
    try {
      const res = await fetch(endpoint, { method: 'POST', signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
  throw new Error(`${name} did not answer at ${endpoint} within ${timeoutMs} ms:\n${child.output()}`);
}
