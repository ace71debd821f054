/** A running emulator. `stop()` is idempotent and resolves once the process has exited. */
export interface Emulator {
  endpoint: string;
  stop(): Promise<void>;
}
