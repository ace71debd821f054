/**
 * Package figures (docs/packages.md): `npm run bench:packages [-- --reuse] [-- --runs N]`.
 *
 * - Installed size of each package, from its tarball in a fresh project (npm's cache), with
 *   everything it pulls in; the construct without its peers (aws-cdk-lib, constructs).
 * - Bundle size of SDK programs with esbuild (minified, ESM, node), as a Lambda would carry them: a
 *   producer only, and the whole SDK. Native modules cannot be inlined: their linux-arm64 files
 *   are reported apart.
 * - Start time of the installed `sluice` for `--help` and `topics list` against the local stack,
 *   next to an empty `node` and to the repository's tsx launcher, median and p90 of N runs.
 *
 * Writes bench/results/packages.json and packages.md. `--reuse` packs nothing and takes dist/tarballs.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { DEFAULT_LOCAL_CREDENTIALS } from '../local/credentials.ts';
import { startLocalStackServices } from '../local/stack.ts';
import { buildPackages } from '../packages/build.ts';
import { walk } from '../packages/lib/tsc-emit.ts';
import { median, percentile } from './lib/stats.ts';

// The local stack's AWS SDK clients run in this process.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const NPM = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
const NATIVE = ['@node-rs/crc32', 'snappy', 'lz4-napi'];

const { values } = parseArgs({ options: { reuse: { type: 'boolean' }, runs: { type: 'string', default: '15' } } });
const runs = Number(values.runs);

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}

function dirSize(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  if (!fs.existsSync(dir)) return { bytes, files };
  for (const f of walk(dir)) {
    bytes += fs.lstatSync(f).size;
    files += 1;
  }
  return { bytes, files };
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function tarballs(): Promise<{ sdk: string; cli: string; cdk: string }> {
  const dir = path.join(ROOT, 'dist', 'tarballs');
  if (!values.reuse) await buildPackages();
  const files = fs.readdirSync(dir);
  const pick = (kind: string) => path.join(dir, files.filter((f) => f.startsWith(`sluice-${kind}-`)).sort().at(-1)!);
  return { sdk: pick('sdk'), cli: pick('cli'), cdk: pick('cdk') };
}

function freshProject(work: string, name: string): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `bench-${name}`, private: true, type: 'module' }));
  return dir;
}

function topPackages(nodeModules: string, n: number): { name: string; bytes: number }[] {
  const out: { name: string; bytes: number }[] = [];
  for (const entry of fs.readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const full = path.join(nodeModules, entry);
    const names = entry.startsWith('@') ? fs.readdirSync(full).map((s) => `${entry}/${s}`) : [entry];
    for (const name of names) out.push({ name, bytes: dirSize(path.join(nodeModules, name)).bytes });
  }
  return out.sort((a, b) => b.bytes - a.bytes).slice(0, n);
}

async function bundleSize(project: string, source: string, external: string[] = []): Promise<{ bytes: number; gzip: number }> {
  const entry = path.join(project, `entry-${Math.random().toString(36).slice(2)}.mjs`);
  fs.writeFileSync(entry, source);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    mainFields: ['module', 'main'],
    external: [...NATIVE, ...external],
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { bytes: code.length, gzip: gzipSync(code).length };
}

const GNU_TIME = '/usr/bin/time';

interface Timing {
  /** Wall time from spawn to exit (ms). */
  wall: number;
  /** User + system CPU time of the child (ms), from GNU time; NaN without it. */
  cpu: number;
}

/**
 * Runs a command without blocking this process's event loop (the local stack's server lives
 * here). Wall time depends on what else the machine runs; CPU time much less, so both are kept.
 */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Timing> {
  const withTime = fs.existsSync(GNU_TIME);
  const started = process.hrtime.bigint();
  const child = withTime
    ? spawn(GNU_TIME, ['-f', 'CPU %U %S', cmd, ...args], { cwd: os.tmpdir(), env, stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(cmd, args, { cwd: os.tmpdir(), env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(' ')}: exit ${code}\n${stderr}`));
      const m = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      resolve({ wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN });
    });
  });
}

interface Timings {
  median: number;
  p90: number;
  cpuMedian: number;
}

async function timeRuns(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Timings> {
  await timed(cmd, args, env); // warm the file cache
  const samples: Timing[] = [];
  for (let i = 0; i < runs; i++) samples.push(await timed(cmd, args, env));
  const wall = samples.map((t) => t.wall);
  return { median: median(wall), p90: percentile(wall, 90), cpuMedian: median(samples.map((t) => t.cpu)) };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-bench-packages-'));
try {
  const tgz = await tarballs();
  const results: Record<string, unknown> = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model };

  // Installed sizes, on this machine's platform.
  const sdkProject = freshProject(work, 'sdk');
  run('npm', ['install', ...NPM, tgz.sdk], sdkProject);
  const sdkInstalled = dirSize(path.join(sdkProject, 'node_modules'));
  const cliPrefix = path.join(work, 'cli-global');
  run('npm', ['install', '--global', '--prefix', cliPrefix, ...NPM, tgz.cli], work);
  const cliInstalled = dirSize(path.join(cliPrefix, 'lib', 'node_modules'));
  const cdkProject = freshProject(work, 'cdk');
  run('npm', ['install', ...NPM, '--legacy-peer-deps', tgz.cdk], cdkProject);
  const cdkInstalled = dirSize(path.join(cdkProject, 'node_modules'));
  // What a Lambda function carries besides its bundle: the native modules for linux arm64.
  const lambdaProject = freshProject(work, 'sdk-arm64');
  run('npm', ['install', ...NPM, tgz.sdk], lambdaProject, { ...process.env, npm_config_os: 'linux', npm_config_cpu: 'arm64', npm_config_libc: 'glibc' });
  const nativeFiles = topPackages(path.join(lambdaProject, 'node_modules'), 40).filter((p) =>
    /^(@node-rs\/crc32|snappy|lz4-napi|@napi-rs\/snappy|@antoniomuso\/lz4-napi)/.test(p.name),
  );
  const nativeBytes = nativeFiles.reduce((a, p) => a + p.bytes, 0);
  results.installed = {
    sdk: { ...sdkInstalled, top: topPackages(path.join(sdkProject, 'node_modules'), 6) },
    cli: cliInstalled,
    cdk: { ...cdkInstalled, note: 'without the peers aws-cdk-lib and constructs' },
    sdkNativeLinuxArm64: { bytes: nativeBytes, packages: nativeFiles },
    forbidden: ['aws-cdk-lib', 'zod', '@aws-sdk/client-dynamodb', '@aws-sdk/client-s3', 'tsx', 'typescript'].filter((n) =>
      fs.existsSync(path.join(sdkProject, 'node_modules', n)),
    ),
  };

  // Bundle sizes of SDK programs.
  const producerHandler = `import { createClient } from '@sluice/sdk';
const producer = createClient({ endpoint: process.env.SLUICE_ENDPOINT }).producer();
export const handler = async (event) => producer.send({ topic: 'events', messages: [{ value: JSON.stringify(event) }] });`;
  const producerOnly = await bundleSize(sdkProject, producerHandler);
  // NodejsFunction's default: the Lambda Node.js runtime provides AWS SDK v3 (the credential chain).
  const producerRuntimeSdk = await bundleSize(sdkProject, producerHandler, ['@aws-sdk/*']);
  const whole = await bundleSize(sdkProject, `export * from '@sluice/sdk';`);
  results.bundle = { producerOnly, producerRuntimeSdk, wholeSdk: whole };

  // Start times of the installed command.
  const sluice = path.join(cliPrefix, 'bin', 'sluice');
  const empty = path.join(work, 'empty.mjs');
  fs.writeFileSync(empty, '');
  const stack = await startLocalStackServices({
    names: { bucket: 'bench-packages', metadataTable: 'bench-packages-metadata', logTable: 'bench-packages-log' },
    region: 'us-east-1',
    credentials: DEFAULT_LOCAL_CREDENTIALS,
    port: 0,
    verifySignatures: true,
  });
  try {
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SLUICE_ENDPOINT: stack.url,
      AWS_ACCESS_KEY_ID: stack.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: stack.credentials.secretAccessKey,
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    await timed(sluice, ['topics', 'create', 'bench-start', '--partitions', '3'], env);
    results.start = {
      runs,
      emptyNode: await timeRuns(process.execPath, [empty], env),
      help: await timeRuns(sluice, ['--help'], env),
      topicsList: await timeRuns(sluice, ['topics', 'list'], env),
      repositoryTsxHelp: await timeRuns(process.execPath, [path.join(ROOT, 'cli', 'bin.js'), '--help'], env),
      repositoryTsxTopicsList: await timeRuns(process.execPath, [path.join(ROOT, 'cli', 'bin.js'), 'topics', 'list'], env),
    };
  } finally {
    await stack.stop();
  }

  fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'packages.json'), `${JSON.stringify(results, null, 2)}\n`);
  const s = results.start as Record<string, Timings>;
  const ms = (k: string) => `${s[k]!.median.toFixed(0)} ms wall (p90 ${s[k]!.p90.toFixed(0)}), ${s[k]!.cpuMedian.toFixed(0)} ms CPU`;
  const md = [
    '# Package figures',
    '',
    `Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), load average ${os.loadavg()[0]!.toFixed(1)} at the end; \`npm run bench:packages\`.`,
    `Start times are medians of ${runs} runs after one warm-up: wall time, and user + system CPU time of the process.`,
    '',
    '| Figure | Value |',
    '|---|---|',
    `| @sluice/sdk installed (node_modules, this platform) | ${mib(sdkInstalled.bytes)}, ${sdkInstalled.files} files |`,
    `| @sluice/sdk native modules for linux-arm64 (what a Lambda carries besides the bundle) | ${mib(nativeBytes)} |`,
    `| SDK bundle, a producer-only Lambda handler (esbuild, minified) | ${kib(producerOnly.bytes)} (${kib(producerOnly.gzip)} gzip) |`,
    `| Same, with \`@aws-sdk/*\` left to the Lambda runtime (NodejsFunction's default) | ${kib(producerRuntimeSdk.bytes)} (${kib(producerRuntimeSdk.gzip)} gzip) |`,
    `| SDK bundle, the whole SDK | ${kib(whole.bytes)} (${kib(whole.gzip)} gzip) |`,
    `| @sluice/cli installed globally | ${mib(cliInstalled.bytes)}, ${cliInstalled.files} files |`,
    `| @sluice/cdk installed, without its peers | ${mib(cdkInstalled.bytes)} |`,
    `| Empty \`node\` start | ${ms('emptyNode')} |`,
    `| \`sluice --help\` | ${ms('help')} |`,
    `| \`sluice topics list\` (local stack) | ${ms('topicsList')} |`,
    `| Repository launcher (tsx) \`--help\` | ${ms('repositoryTsxHelp')} |`,
    `| Repository launcher (tsx) \`topics list\` | ${ms('repositoryTsxTopicsList')} |`,
    '',
    `Largest installed SDK dependencies: ${(results.installed as { sdk: { top: { name: string; bytes: number }[] } }).sdk.top.map((p) => `${p.name} ${mib(p.bytes)}`).join(', ')}.`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'packages.md'), md);
  console.log(md);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
