import { createEngine, type Engine, type EngineOptions } from '../../../shared/log/engine.ts';
import type { Storage } from '../../../shared/log/ports.ts';
import { createStorage } from '../../../shared/storage/index.ts';
import { storageConfig } from '../../support/env.ts';

/** A fresh engine on the real emulators, as a new warm function would have. */
export function realEngine(opts: EngineOptions = {}, wrap: (s: Storage) => Storage = (s) => s): Engine {
  return createEngine(wrap(createStorage(storageConfig())), opts);
}

export const text = (s: string): Buffer => Buffer.from(s, 'utf8');

export function record(value: string, extra: { key?: string; partition?: number; timestamp?: number } = {}) {
  return {
    key: extra.key === undefined ? null : text(extra.key),
    value: text(value),
    headers: [],
    ...(extra.partition !== undefined ? { partition: extra.partition } : {}),
    ...(extra.timestamp !== undefined ? { timestamp: extra.timestamp } : {}),
  };
}
