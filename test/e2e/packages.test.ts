// The three packages as a user gets them: `npm run pack`'s tarballs installed into a fresh project
// outside the repository (tarballs plus their registry dependencies, through npm's cache), then an
// SDK program compiled with `tsc --strict` and run with plain node, the globally installed `sluice`
// command, and a CDK app with `new SluiceLog(this, 'Log')` synthesized there, all against the local stack.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCredentials, localEndpoint, localRegion, uniqueName } from '../support/env.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/packages/', import.meta.url));
const MINUTE = 60_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a user's shell: no PATH entry into this repository (npm test puts its
 * node_modules/.bin there), the local stack's endpoint and the AWS credential chain's variables.
 */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { accessKeyId, secretAccessKey } = localCredentials();
  const pathEntries = (process.env.PATH ?? '').split(path.delimiter).filter((p) => p && !p.startsWith(ROOT));
  return {
    PATH: [path.dirname(process.execPath), ...pathEntries].join(path.delimiter),
    HOME: process.env.HOME ?? os.homedir(),
    ...(process.env.npm_config_cache ? { npm_config_cache: process.env.npm_config_cache } : {}),
    SLUICE_ENDPOINT: localEndpoint(),
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
    AWS_REGION: localRegion(),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    CDK_DISABLE_VERSION_CHECK: '1',
    ...extra,
  };
}

function exec(command: string, args: string[], options: { cwd: string; input?: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? userEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function ok(command: string, args: string[], options: { cwd: string; input?: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  const r = await exec(command, args, options);
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** The version this repository tests with, so npm finds it in its cache. */
function testedVersion(name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

const NPM_QUIET = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

let work = '';
let project = '';
let sluiceBin = '';
let tarballs: Record<'sdk' | 'cli' | 'cdk', string>;

describe('the packages, installed from their tarballs into a project outside the repository', () => {
  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-packages-'));
    const out = path.join(work, 'dist');
    // `npm run pack`, into a folder of this run.
    await ok(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'packages/build.ts'), '--out', out], {
      cwd: ROOT,
      env: { ...process.env },
    });
    const files = fs.readdirSync(path.join(out, 'tarballs'));
    const find = (prefix: string) => path.join(out, 'tarballs', files.find((f) => f.startsWith(prefix))!);
    tarballs = { sdk: find('sluice-sdk-'), cli: find('sluice-cli-'), cdk: find('sluice-cdk-') };

    project = path.join(work, 'app');
    fs.cpSync(FIXTURES, project, { recursive: true });
    const registry = ['typescript', '@types/node', 'aws-cdk-lib', 'constructs', 'cdk-nag'].map((n) => `${n}@${testedVersion(n)}`);
    await ok('npm', ['install', ...NPM_QUIET, tarballs.sdk, tarballs.cdk, ...registry], { cwd: project });
    const prefix = path.join(work, 'global');
    await ok('npm', ['install', '--global', '--prefix', prefix, ...NPM_QUIET, tarballs.cli], { cwd: work });
    sluiceBin = path.join(prefix, 'bin', 'sluice');
  }, 15 * MINUTE);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('builds each tarball with compiled JavaScript and types, and no TypeScript sources', async () => {
    const listing = async (tgz: string) => (await ok('tar', ['-tzf', tgz], { cwd: work })).stdout.split('\n').filter(Boolean);
    const sdk = await listing(tarballs.sdk);
    expect(sdk).toContain('package/lib/sdk/index.js');
    expect(sdk).toContain('package/lib/sdk/index.d.ts');
    expect(sdk.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    const cli = await listing(tarballs.cli);
    expect(cli).toContain('package/bin/sluice.js');
    expect(cli.filter((f) => f.endsWith('.ts'))).toEqual([]);
    const cdk = await listing(tarballs.cdk);
    expect(cdk).toContain('package/lib/cdk/index.d.ts');
    expect(cdk).toContain('package/lib/functions/prebuilt.json');
    expect(cdk.some((f) => /^package\/lib\/functions\/produce\/node_modules\/@napi-rs\/snappy-linux-arm64-gnu\//.test(f))).toBe(true);
    const installedSdk = JSON.parse(fs.readFileSync(path.join(project, 'node_modules/@sluice/sdk/package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(installedSdk.dependencies)).not.toContain('aws-cdk-lib');
    expect(fs.existsSync(path.join(project, 'node_modules/zod'))).toBe(false);
    expect(fs.existsSync(path.join(project, 'node_modules/@aws-sdk/client-dynamodb'))).toBe(false);
  }, 4 * MINUTE);

  it('compiles a program on the SDK with tsc --strict, and it creates, produces and consumes with plain node', async () => {
    const tsc = path.join(project, 'node_modules/typescript/bin/tsc');
    await ok(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project });
    const topic = uniqueName('pkg-sdk');
    const r = await ok(process.execPath, [path.join(project, 'out/sdk-program.js'), topic], { cwd: project });
    const result = JSON.parse(r.stdout) as {
      partitions: number;
      sent: { partition: number; baseOffset: number }[];
      received: { partition: number; offset: number; key: string | null; value: string | null; headers: string[] }[];
      missing: string;
    };
    expect(result.partitions).toBe(2);
    expect(result.sent).toEqual([{ partition: 0, baseOffset: 0 }, { partition: 0, baseOffset: 1 }, { partition: 1, baseOffset: 0 }]);
    expect(result.received).toEqual([
      { partition: 0, offset: 0, key: 'a', value: 'one', headers: [] },
      { partition: 0, offset: 1, key: 'b', value: 'two', headers: [] },
      { partition: 1, offset: 0, key: null, value: 'three', headers: ['source=program'] },
    ]);
    expect(result.missing).toBe('UNKNOWN_TOPIC');
  }, 6 * MINUTE);

  it('runs the globally installed sluice command: create, produce from stdin, consume', async () => {
    const topic = uniqueName('pkg-cli');
    expect((await ok(sluiceBin, ['--version'], { cwd: work })).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect((await ok(sluiceBin, ['topics', 'create', topic, '--partitions', '2'], { cwd: work })).stdout).toBe(
      `created topic ${topic} with 2 partitions\n`,
    );
    const produced = await ok(sluiceBin, ['produce', topic, '-K', ':', '-z', 'lz4'], { cwd: work, input: 'k1:one\nk2:two\nk1:three\n' });
    expect(produced.stderr).toMatch(new RegExp(`produced 3 records to ${topic}`));
    const consumed = await ok(sluiceBin, ['consume', topic, '-K', ':'], { cwd: work });
    const lines = consumed.stdout.trim().split('\n');
    expect([...lines].sort()).toEqual(['k1:one', 'k1:three', 'k2:two']);
    expect(lines.filter((l) => l.startsWith('k1:'))).toEqual(['k1:one', 'k1:three']);
    const missing = await exec(sluiceBin, ['topics', 'describe', `${topic}-missing`], { cwd: work });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: UNKNOWN_TOPIC: /);
  }, 4 * MINUTE);

  it('synthesizes a CDK app with new SluiceLog(this, "Log") from the prebuilt bundles, cdk-nag clean', async () => {
    const tsc = path.join(project, 'node_modules/typescript/bin/tsc');
    const compile = ['--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--outDir', 'out-cdk', 'cdk-app.ts'];
    await ok(process.execPath, [tsc, ...compile], { cwd: project });
    // cdk-nag's plugin makes synthesis fail on any finding without an acknowledgement.
    await ok(process.execPath, ['out-cdk/cdk-app.js'], { cwd: project });

    const outdir = path.join(project, 'cdk.out');
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'Orders.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: Record<string, any> }>;
    };
    const ofType = (type: string) => Object.values(template.Resources).filter((r) => r.Type === type);
    expect(ofType('AWS::S3::Bucket')).toHaveLength(1);
    expect(ofType('AWS::DynamoDB::Table')).toHaveLength(2);

    const prebuilt = JSON.parse(fs.readFileSync(path.join(project, 'node_modules/@sluice/cdk/lib/functions/prebuilt.json'), 'utf8')) as {
      functions: Record<string, string>;
    };
    const functions = ofType('AWS::Lambda::Function');
    expect(functions).toHaveLength(Object.keys(prebuilt.functions).length);
    expect(ofType('AWS::Lambda::Url')).toHaveLength(functions.length);
    const assets = JSON.parse(fs.readFileSync(path.join(outdir, 'Orders.assets.json'), 'utf8')) as {
      files: Record<string, { source: { path: string; packaging: string } }>;
    };
    // Each function's URL: fetch's streams its responses (the default), and invokes the bundle's streaming handler.
    const urls = ofType('AWS::Lambda::Url');
    const invokeModes = Object.entries(template.Resources)
      .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
      .map(([id]) => urls.find((u) => u.Properties.TargetFunctionArn?.['Fn::GetAtt']?.[0] === id)?.Properties.InvokeMode as string);
    expect(invokeModes.filter((m) => m === 'RESPONSE_STREAM')).toHaveLength(1);
    expect(invokeModes.filter((m) => m === 'BUFFERED')).toHaveLength(functions.length - 1);
    for (const [i, fn] of functions.entries()) {
      const handler = invokeModes[i] === 'RESPONSE_STREAM' ? 'streamingHandler' : 'handler';
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: `index.${handler}` });
      const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
      const asset = assets.files[hash];
      expect(asset?.source.packaging).toBe('zip');
      const dir = path.join(outdir, asset!.source.path);
      const bundle = fs.readFileSync(path.join(dir, 'index.mjs'), 'utf8');
      expect(bundle).toMatch(new RegExp(`export\\s*\\{[^}]*as ${handler}\\b`));
      expect(fs.existsSync(path.join(dir, 'node_modules/@napi-rs/snappy-linux-arm64-gnu'))).toBe(true);
      expect(fs.existsSync(path.join(dir, 'node_modules/@node-rs/crc32-linux-arm64-gnu'))).toBe(true);
    }
    // Nothing in the cloud assembly points back into this repository.
    expect(fs.readFileSync(path.join(outdir, 'Orders.assets.json'), 'utf8')).not.toContain(ROOT);
  }, 6 * MINUTE);
});
