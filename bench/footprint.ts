/**
 * Lambda footprint: bundles each function entry as the CDK app does (esbuild, ESM, minified,
 * AWS SDK bundled, native codecs external: cdk/bundling.ts), reports the bundle's size, its
 * gzip size (about what the deployment zip holds) and the largest packages inside, then times
 * the cold init: `await import(bundle)` in fresh Node processes, median of N.
 *
 * Init here is on this machine's x86 core under Node 20; Lambda's arm64 Node 22 runtime adds its
 * own runtime start (not ours) and runs at a fraction of a vCPU at 1,024 MB, so read these as
 * relative figures: what our code costs to load.
 *
 *   npx tsx bench/footprint.ts [--quick] [--out file.json]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { median } from './lib/stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Inside the repo, so the external native modules resolve from its node_modules. */
const OUT = join(ROOT, 'node_modules', '.cache', 'sluice-footprint');

/** Kept in step with cdk/bundling.ts (NATIVE_MODULES, ESM_REQUIRE_BANNER); not imported, to keep aws-cdk-lib out of the timing. */
const NATIVE_MODULES = ['@node-rs/crc32', 'snappy', 'lz4-napi'];
const BANNER = "import { createRequire as __sluiceCreateRequire } from 'node:module'; const require = __sluiceCreateRequire(import.meta.url);";

/** Every Lambda entry: functions/<name>/index.ts (admin, produce, fetch, groups, ...). */
export function functionNames(): string[] {
  return readdirSync(join(ROOT, 'functions'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(ROOT, 'functions', d.name, 'index.ts')))
    .map((d) => d.name)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
const ORDER = ['admin', 'produce', 'fetch'];
const rank = (name: string): number => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);

export interface FunctionFootprint {
  name: string;
  bundleBytes: number;
  gzipBytes: number;
  /** Largest inputs by bytes in the output, grouped by package (or our own top folder). */
  topInputs: Array<{ name: string; bytes: number }>;
  /** ms for `await import(bundle)` inside a fresh process, median of `runs`. */
  importMsMedian: number;
  importMsP90: number;
  /** ms from spawn to exit of `node -e "await import(bundle)"`, minus the same for an empty script. */
  processMsMedian: number;
  runs: number;
}

export interface FootprintResult {
  functions: FunctionFootprint[];
  baselineProcessMs: number;
  node: string;
  note: string;
}

function timeProcess(args: string[]): { wallMs: number; stdout: string } {
  const t0 = performance.now();
  const stdout = execFileSync(process.execPath, args, {
    encoding: 'utf8',
    env: {
      ...process.env,
      SLUICE_BUCKET: 'b', SLUICE_METADATA_TABLE: 'm', SLUICE_LOG_TABLE: 'l', AWS_REGION: 'us-east-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  return { wallMs: performance.now() - t0, stdout };
}

function groupInputs(inputs: Record<string, { bytesInOutput: number }>): Array<{ name: string; bytes: number }> {
  const groups = new Map<string, number>();
  for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
    const nm = file.lastIndexOf('node_modules/');
    let name: string;
    if (nm >= 0) {
      const parts = file.slice(nm + 'node_modules/'.length).split('/');
      name = parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
    } else {
      name = `(sluice) ${relative(ROOT, join(ROOT, file)).split('/')[0]}/`;
    }
    groups.set(name, (groups.get(name) ?? 0) + bytesInOutput);
  }
  return [...groups].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes).slice(0, 6);
}

export async function runFootprint({ quick = false }: { quick?: boolean } = {}): Promise<FootprintResult> {
  const runs = quick ? 5 : 15;
  rmSync(OUT, { recursive: true, force: true });
  const baseline = median(Array.from({ length: runs }, () => timeProcess(['--input-type=module', '-e', '']).wallMs));
  const functions: FunctionFootprint[] = [];
  for (const name of functionNames()) {
    const outfile = join(OUT, name, 'index.mjs');
    mkdirSync(dirname(outfile), { recursive: true });
    const result = await build({
      entryPoints: [join(ROOT, 'functions', name, 'index.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      minify: true,
      mainFields: ['module', 'main'],
      external: NATIVE_MODULES,
      banner: { js: BANNER },
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: ROOT,
    });
    const bytes = readFileSync(outfile);
    const output = Object.values(result.metafile.outputs)[0]!;
    const url = pathToFileURL(outfile).href;
    const script = `const t=performance.now(); const m=await import(${JSON.stringify(url)}); if(typeof m.handler!=='function') throw new Error('no handler'); console.log(performance.now()-t);`;
    const imports: number[] = [];
    const walls: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = timeProcess(['--input-type=module', '-e', script]);
      imports.push(Number(r.stdout.trim()));
      walls.push(r.wallMs);
    }
    functions.push({
      name,
      bundleBytes: statSync(outfile).size,
      gzipBytes: gzipSync(bytes, { level: 9 }).length,
      topInputs: groupInputs(output.inputs),
      importMsMedian: median(imports),
      importMsP90: [...imports].sort((a, b) => a - b)[Math.min(imports.length - 1, Math.ceil(imports.length * 0.9) - 1)]!,
      processMsMedian: median(walls) - baseline,
      runs,
    });
  }
  return {
    functions,
    baselineProcessMs: baseline,
    node: process.versions.node,
    note:
      'esbuild ESM bundles, minified, AWS SDK bundled, native codecs (@node-rs/crc32, snappy, lz4-napi) external and loaded from node_modules ' +
      '(their size is not in the bundle). Init measured on this machine (x86, Node ' + process.versions.node + '), not on Lambda.',
  };
}

const kib = (n: number): string => (n / 1024).toLocaleString('en-US', { maximumFractionDigits: 0 });

export function footprintMarkdown(r: FootprintResult): string {
  const lines = [
    r.note,
    '',
    '| function | bundle KiB | gzip KiB | import ms (median) | import ms (p90) | process ms over empty Node | largest parts (KiB) |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const f of r.functions) {
    lines.push(
      `| ${f.name} | ${kib(f.bundleBytes)} | ${kib(f.gzipBytes)} | ${f.importMsMedian.toFixed(0)} | ${f.importMsP90.toFixed(0)} | ${f.processMsMedian.toFixed(0)} | ` +
        f.topInputs.map((t) => `${t.name} ${kib(t.bytes)}`).join(', ') + ' |',
    );
  }
  lines.push('', `Empty \`node\` process: ${r.baselineProcessMs.toFixed(0)} ms (median of ${r.functions[0]?.runs ?? 0}).`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick');
  const outAt = process.argv.indexOf('--out');
  const result = await runFootprint({ quick });
  if (outAt > 0) writeFileSync(process.argv[outAt + 1]!, JSON.stringify(result, null, 2));
  else console.log(footprintMarkdown(result));
}
