/**
 * Replay readers in a worker thread: each reads a partition from offset 0 to its end with
 * `GET /v1/topics/{t}/partitions/{p}/records`, binary, one fetch at a time. The local server and
 * its handlers run in the benchmark's main thread, as a service does, and its clients elsewhere:
 * in one thread, the readers' own work (signing, reading bodies) would be charged to the service.
 *
 *   const r = await replayReaders({ url, credentials, topic, partitions: [0, 1], fetchBytes, together: true });
 */
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { BATCHES_CONTENT_TYPE } from '../../shared/api/frames.ts';
import { createSigner } from '../../sdk/signer.ts';

export interface ReplayJob {
  url: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  topic: string;
  partitions: number[];
  fetchBytes: number;
  /** One reader per partition, all at once; otherwise one partition after another. */
  together: boolean;
}

export interface ReplayReadersResult {
  /** Latency of each fetch (ms). */
  lat: number[];
  records: number;
  /** Bytes of batches returned. */
  bytes: number;
  /** Time spent reading: wall time when together, summed per partition otherwise. */
  seconds: number;
}

/** Runs the job in a worker thread and returns what its readers measured. */
export function replayReaders(job: ReplayJob): Promise<ReplayReadersResult> {
  return new Promise((resolve, reject) => {
    // The worker loads this TypeScript file through tsx's loader, registered in the worker first.
    const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: job });
    worker.once('message', (m: ReplayReadersResult | { error: string }) => ('error' in m ? reject(new Error(m.error)) : resolve(m)));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`replay worker exited with ${code}`)));
  });
}

async function run(job: ReplayJob): Promise<ReplayReadersResult> {
  const get = signedGet(job);
  const lat: number[] = [];
  let bytes = 0;
  let records = 0;
  const read = async (partition: number): Promise<void> => {
    let offset = 0;
    let hw = Infinity;
    while (offset < hw) {
      const f0 = performance.now();
      const r = await get(`/v1/topics/${job.topic}/partitions/${partition}/records?offset=${offset}&maxBytes=${job.fetchBytes}`);
      lat.push(performance.now() - f0);
      hw = Number(r.headers['x-sluice-high-watermark']);
      const next = Number(r.headers['x-sluice-next-offset']);
      if (next <= offset && offset < hw) throw new Error(`replay of partition ${partition} made no progress at offset ${offset}`);
      records += next - offset;
      bytes += r.bytes;
      offset = next;
    }
  };
  let seconds = 0;
  if (job.together) {
    const t0 = performance.now();
    await Promise.all(job.partitions.map(read));
    seconds = (performance.now() - t0) / 1000;
  } else {
    for (const p of job.partitions) {
      const t0 = performance.now();
      await read(p);
      seconds += (performance.now() - t0) / 1000;
    }
  }
  return { lat, records, bytes, seconds };
}

/**
 * A signed binary GET over node:http with keep-alive, whose body is counted, not kept. The readers
 * share the machine's cores with the service, so the client is kept lean: undici's fetch, with the
 * body collected, took as much CPU per 1 MiB fetch as the service's own thread.
 */
function signedGet(job: ReplayJob): (path: string) => Promise<{ headers: IncomingHttpHeaders; bytes: number }> {
  const sign = createSigner({ region: 'us-east-1', credentials: job.credentials });
  const agent = new Agent({ keepAlive: true, maxSockets: job.partitions.length });
  const once = async (path: string): Promise<{ headers: IncomingHttpHeaders; bytes: number }> => {
    const url = new URL(path, job.url);
    const headers = await sign({ method: 'GET', url, headers: { accept: BATCHES_CONTENT_TYPE } });
    return new Promise((resolve, reject) => {
      const req = request(url, { method: 'GET', headers, agent }, (res) => {
        let bytes = 0;
        const errorBody: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (res.statusCode !== 200) errorBody.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`GET ${path}: ${res.statusCode} ${Buffer.concat(errorBody).toString('utf8').slice(0, 300)}`));
          else if (res.headers['content-length'] !== undefined && bytes !== Number(res.headers['content-length'])) reject(new Error(`GET ${path}: ${bytes} bytes of ${res.headers['content-length']}`));
          else resolve({ headers: res.headers, bytes });
        });
      });
      req.on('error', reject);
      req.end();
    });
  };
  // A read that meets a keep-alive socket the server has just closed is sent once more, as HTTP
  // clients do for idempotent requests.
  return (path) => once(path).catch((e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? once(path) : Promise.reject(e)));
}

if (!isMainThread && parentPort && (workerData as ReplayJob | undefined)?.topic) {
  const port = parentPort;
  run(workerData as ReplayJob).then(
    (r) => port.postMessage(r),
    (e: unknown) => port.postMessage({ error: e instanceof Error ? e.message : String(e) }),
  );
}
