// A stand-in for the Lambda Node.js runtime's `awslambda` global, as the runtime builds it:
// streamifyResponse marks the handler; HttpResponseStream.from sets the integration content type
// and writes the prelude and its delimiter just before the stream's first write() (the runtime
// hooks write, so a body passed to end() alone would go out without its prelude).
import { PRELUDE_CONTENT_TYPE, STREAMING_HANDLER, type ResponseStream } from '../../functions/http/streaming.ts';

export interface FakeLambdaRuntime {
  calls: { streamifyResponse: number; from: number };
  /** Puts back the global that was there before. */
  uninstall(): void;
}

export function installFakeLambdaRuntime(): FakeLambdaRuntime {
  const g = globalThis as { awslambda?: unknown };
  const before = g.awslambda;
  const calls = { streamifyResponse: 0, from: 0 };
  g.awslambda = {
    streamifyResponse: <H extends object>(handler: H) => {
      calls.streamifyResponse++;
      return Object.assign(handler, { [STREAMING_HANDLER]: 'response' });
    },
    HttpResponseStream: {
      from: (stream: ResponseStream, prelude: object) => {
        calls.from++;
        stream.setContentType(PRELUDE_CONTENT_TYPE);
        const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
        let first = true;
        stream.write = ((chunk: unknown, ...rest: unknown[]) => {
          if (first) {
            first = false;
            write(JSON.stringify(prelude));
            write(new Uint8Array(8));
          }
          return write(chunk, ...rest);
        }) as ResponseStream['write'];
        return stream;
      },
    },
  };
  return { calls, uninstall: () => void (g.awslambda = before) };
}
