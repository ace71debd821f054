import type { IncomingMessage } from 'node:http';

/** Past this many bytes of an over-limit body, the connection is cut rather than drained. */
export const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too-large' | 'aborted' };

/**
 * Reads a request body of at most `limit` bytes. A longer body is not buffered: the rest is read
 * and discarded, so that the answer (413) reaches the client and the keep-alive connection stays
 * usable, up to DRAIN_LIMIT_BYTES, after which the socket is destroyed.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let discarded = 0;
    const discard = (chunk: Buffer): void => {
      discarded += chunk.length;
      if (discarded > DRAIN_LIMIT_BYTES) req.socket.destroy();
    };
    const collect = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      chunks.length = 0;
      req.off('data', collect);
      req.on('data', discard);
      resolve({ ok: false, reason: 'too-large' });
    };
    req.on('data', collect);
    req.once('end', () => resolve({ ok: true, body: Buffer.concat(chunks, size) }));
    req.once('error', () => resolve({ ok: false, reason: 'aborted' }));
    req.once('close', () => {
      if (!req.complete) resolve({ ok: false, reason: 'aborted' });
    });
  });
}
