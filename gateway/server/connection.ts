/**
 * One client connection. Requests are handled one at a time, in arrival order, and answered in
 * that order, as a Kafka broker does (clients may pipeline; the protocol promises ordering).
 * Reading stops while the queue holds `maxInFlight` requests or the gateway's memory budget is
 * spent, and resumes when either frees up; a response the socket cannot take yet is awaited
 * ('drain') before the next request runs, so a slow reader holds at most one response.
 */
import type { Socket } from 'node:net';
import { ProtocolError } from '../protocol/errors.ts';
import type { MemoryBudget } from './budget.ts';
import type { ConnectionState, Dispatch } from './dispatch.ts';
import { FrameReader } from './frame-reader.ts';
import type { SaslSession } from './sasl-session.ts';

export interface ConnectionLimits {
  maxFrameBytes: number;
  maxInFlight: number;
  /** Kafka's connections.max.idle.ms: a connection silent this long is closed. */
  idleMs: number;
}

export interface ConnectionDeps {
  dispatch: Dispatch;
  budget: MemoryBudget;
  limits: ConnectionLimits;
  sasl?: SaslSession;
  log: (message: string) => void;
  onClose: () => void;
}

/**
 * Largest frame before SASL authentication succeeds (Kafka's sasl.server.max.receive.size): an
 * unauthenticated client cannot make the gateway buffer 100 MiB.
 */
export const UNAUTHENTICATED_MAX_FRAME = 512 * 1024;

interface Pending {
  frame: Buffer;
  reserved: number;
}

export class Connection {
  private readonly reader: FrameReader;
  private readonly queue: Pending[] = [];
  private readonly abort = new AbortController();
  private readonly state: ConnectionState;
  /** Bytes reserved for the frame being read. */
  private reserved = 0;
  private waitingForBudget = false;
  private busy = false;
  private closed = false;
  private readonly wake = (): void => {
    this.waitingForBudget = false;
    this.pump();
  };

  constructor(
    private readonly socket: Socket,
    private readonly deps: ConnectionDeps,
  ) {
    this.reader = new FrameReader(deps.limits.maxFrameBytes);
    this.state = { signal: this.abort.signal, ...(deps.sasl ? { sasl: deps.sasl } : {}) };
    socket.setNoDelay(true);
    if (deps.limits.idleMs > 0) socket.setTimeout(deps.limits.idleMs, () => this.close('idle'));
    socket.on('data', (chunk: Buffer) => {
      this.reader.push(chunk);
      this.pump();
    });
    socket.on('error', () => this.close('socket error'));
    socket.on('end', () => this.close('client closed'));
    socket.on('close', () => this.close('closed'));
  }

  /** Moves complete frames from the stream to the queue while limits allow. */
  private pump(): void {
    const { sasl, limits } = this.deps;
    this.reader.maxFrameBytes = sasl && !sasl.authenticated() ? Math.min(limits.maxFrameBytes, UNAUTHENTICATED_MAX_FRAME) : limits.maxFrameBytes;
    try {
      while (!this.closed) {
        if (this.queue.length >= this.deps.limits.maxInFlight) break;
        const size = this.reader.nextSize();
        if (size === undefined) break;
        if (this.reserved === 0) {
          if (!this.deps.budget.reserve(size, this.wake)) {
            this.waitingForBudget = true;
            break;
          }
          this.reserved = size;
        }
        const frame = this.reader.take();
        if (!frame) break;
        this.queue.push({ frame, reserved: this.reserved });
        this.reserved = 0;
      }
    } catch (err) {
      this.refuse(err instanceof ProtocolError ? err.message : String(err));
      return;
    }
    this.updateFlow();
    void this.run();
  }

  private updateFlow(): void {
    if (this.closed) return;
    const stop = this.waitingForBudget || this.queue.length >= this.deps.limits.maxInFlight;
    if (stop && !this.socket.isPaused()) this.socket.pause();
    else if (!stop && this.socket.isPaused()) this.socket.resume();
  }

  private async run(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (!this.closed && this.queue.length > 0) {
        const next = this.queue.shift()!;
        try {
          const outcome = await this.deps.dispatch(next.frame, this.state);
          if (this.closed) break;
          if (outcome.kind === 'close') {
            this.refuse(outcome.reason);
            break;
          }
          if (outcome.kind === 'respond') {
            const ok = this.socket.write(outcome.frame);
            if (outcome.thenClose) {
              this.socket.end();
              this.close('authentication failed');
              break;
            }
            if (!ok) await this.drained();
          }
        } finally {
          this.deps.budget.release(next.reserved);
        }
        this.pump();
      }
    } catch (err) {
      this.deps.log(`connection failed: ${err instanceof Error ? err.message : String(err)}`);
      this.close('internal error');
    } finally {
      this.busy = false;
    }
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  /**
   * Closes because of what the client sent, and says so: a client speaking an API or version the
   * gateway does not serve otherwise sees only a dropped connection.
   */
  private refuse(reason: string): void {
    if (this.closed) return;
    this.deps.log(`closed the connection from ${this.socket.remoteAddress ?? '?'}:${this.socket.remotePort ?? '?'}: ${reason}`);
    this.close(reason);
  }

  /**
   * Ends the connection and frees what it holds; waiting handlers see the signal abort. `hard`
   * (the gateway stopping) drops the socket at once instead of letting written bytes go out.
   */
  close(_reason: string, hard = false): void {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    this.deps.budget.forget(this.wake);
    this.deps.budget.release(this.reserved + this.queue.reduce((n, p) => n + p.reserved, 0));
    this.reserved = 0;
    this.queue.length = 0;
    if (hard) this.socket.destroy();
    else if (!this.socket.destroyed) {
      // end() lets a written response (a SASL failure) reach the client; destroy() follows.
      this.socket.end();
      setTimeout(() => this.socket.destroy(), 2_000).unref();
    }
    this.deps.onClose();
  }
}
