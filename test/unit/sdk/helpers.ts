import { createClient, type ClientOptions } from '../../../sdk/index.ts';
import { FakeService } from './fake-service.ts';

/** A client wired to a fake service, with static credentials and fast retries. */
export function fakeClient(fake = new FakeService(), options: Partial<ClientOptions> = {}) {
  const client = createClient({
    endpoint: fake.base,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKID', secretAccessKey: 'SECRET' },
    fetch: fake.fetch,
    retry: { retries: 3, initialRetryTime: 1, maxRetryTime: 5 },
    ...options,
  });
  return { fake, client };
}

export function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export const netError = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(`connect ${code}`), { code }) });
