/**
 * Replay readers in a worker thread: each reads a partition from offset 0 to its end with
 * `GET /v1/topics/{t}/partitions/{p}/records`, binary, one fetch at a time. The local server and
 * its handlers run in the benchmark's main thread, as a service does, and its clients elsewhere:
 * in one thread, the readers' own work (signing, reading bodies) would be charged to the service.
 *
 *   const r = await replayReaders({ url, credentials, topic, partitions: [0, 1], fetchBytes, together: true });
 */
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { BATCHES_CONTENT_TYPE } from '../../shared/api/frames.ts';
import { Http } from '../e2e-http.ts';

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
  const http = new Http(job.url, job.credentials);
  const lat: number[] = [];
  let bytes = 0;
  let records = 0;
  const read = async (partition: number): Promise<void> => {
    let offset = 0;
    let hw = Infinity;
    while (offset < hw) {
      const f0 = performance.now();
      const r = await http.request('GET', `/v1/topics/${job.topic}/partitions/${partition}/records?offset=${offset}&maxBytes=${job.fetchBytes}`, {
        headers: { accept: BATCHES_CONTENT_TYPE },
      });
      lat.push(performance.now() - f0);
      hw = Number(r.headers.get('x-sluice-high-watermark'));
      const next = Number(r.headers.get('x-sluice-next-offset'));
      if (next <= offset && offset < hw) throw new Error(`replay of partition ${partition} made no progress at offset ${offset}`);
      records += next - offset;
      bytes += r.body.length;
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

if (!isMainThread && parentPort && (workerData as ReplayJob | undefined)?.topic) {
  const port = parentPort;
  run(workerData as ReplayJob).then(
    (r) => port.postMessage(r),
    (e: unknown) => port.postMessage({ error: e instanceof Error ? e.message : String(e) }),
  );
}
