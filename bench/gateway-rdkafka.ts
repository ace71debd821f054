/**
 * librdkafka for the gateway benchmark: Debian's python3-confluent-kafka runs
 * bench/gateway-clients/rdkafka_throughput.py, which prints one JSON line. Started asynchronously:
 * the gateway it talks to runs in this process's event loop.
 *
 * The interpreter is Debian's (`/usr/bin/python3`), which sees the Debian packages; a `python3`
 * earlier on PATH usually does not. `SLUICE_BENCH_PYTHON` overrides it.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const PYTHON = process.env.SLUICE_BENCH_PYTHON ?? '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./gateway-clients/rdkafka_throughput.py', import.meta.url));

export interface RdkafkaOut {
  records: number;
  bytes: number;
  seconds: number;
  error?: string | null;
}

function python(args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export async function runRdkafka(job: Record<string, unknown>): Promise<RdkafkaOut> {
  const timeoutS = typeof job.timeout_s === 'number' ? job.timeout_s : 300;
  const r = await python([SCRIPT, JSON.stringify(job)], (timeoutS + 30) * 1000);
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.code !== 0 || !line.startsWith('{')) throw new Error(`librdkafka ${String(job.mode)} exited ${r.code}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(line) as RdkafkaOut;
}

/** librdkafka's version as confluent-kafka reports it, or null when the module is missing. */
export async function rdkafkaVersion(): Promise<string | null> {
  const r = await python(['-c', 'import confluent_kafka; print(confluent_kafka.libversion()[0])'], 20_000).catch(() => null);
  return r && r.code === 0 ? r.stdout.trim() : null;
}
