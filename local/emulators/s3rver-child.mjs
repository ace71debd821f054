// s3rver in its own Node process, because ListObjectsV2 continuation tokens use DES, which
// OpenSSL 3 only offers with `--openssl-legacy-provider`; the parent should not need that flag.
// Exits when the parent goes away (IPC disconnect) or on SIGTERM.
//
// Usage: node --openssl-legacy-provider s3rver-child.mjs '{"port":0,"address":"127.0.0.1","directory":"..."}'
// Messages to the parent: {type:'listening', port} or {type:'error', message}.
import S3rver from 's3rver';

const { port, address, directory } = JSON.parse(process.argv[2] ?? '{}');
const server = new S3rver({ port, address, directory, silent: true });

let closing = false;
function close() {
  if (closing) return;
  closing = true;
  server.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
}

try {
  const info = await server.run();
  process.send?.({ type: 'listening', port: info.port });
} catch (err) {
  process.send?.({ type: 'error', message: err instanceof Error ? err.message : String(err) }, () => process.exit(1));
}
process.on('disconnect', close);
process.on('SIGTERM', close);
process.on('SIGINT', close);
