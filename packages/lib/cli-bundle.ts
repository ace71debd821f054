/**
 * The CLI package's code: one esbuild build of cli/main.ts (with the SDK, commander and the AWS
 * credential chain inlined), split at dynamic imports so `--help` parses only what it runs.
 *
 * Native modules cannot be inlined. They stay npm dependencies, and each import of one becomes a
 * lazy stub that loads the module on its first call: `topics list` never loads snappy, lz4 or the
 * CRC, which together cost 80–140 ms of start-up on a small machine.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { ESM_REQUIRE_BANNER, NATIVE_MODULES } from '../../cdk/bundling.ts';
import { packageOf } from './manifest.ts';
import { ROOT } from './paths.ts';

const requireHere = createRequire(import.meta.url);

/** Source of a module that re-exports `name`'s functions, loading `name` on the first call. */
export function lazyModuleSource(name: string, exportNames: readonly string[]): string {
  const lines = [
    "import { createRequire } from 'node:module';",
    `let loaded;`,
    `const load = () => (loaded ??= createRequire(import.meta.url)(${JSON.stringify(name)}));`,
  ];
  for (const e of exportNames) {
    if (!/^[A-Za-z_$][\w$]*$/.test(e)) continue;
    lines.push(`export function ${e}(...args) { return load().${e}(...args); }`);
  }
  return lines.join('\n');
}

function lazyNatives(modules: readonly string[], stubbed: Set<string>): Plugin {
  const filter = new RegExp(`^(${modules.map((m) => m.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
  return {
    name: 'lazy-natives',
    setup(b) {
      b.onResolve({ filter }, (args) => {
        stubbed.add(args.path);
        return { path: args.path, namespace: 'lazy-native' };
      });
      b.onLoad({ filter: /.*/, namespace: 'lazy-native' }, (args) => {
        const mod = requireHere(path.join(ROOT, 'node_modules', args.path)) as Record<string, unknown>;
        const names = Object.keys(mod).filter((k) => typeof mod[k] === 'function');
        return { contents: lazyModuleSource(args.path, names), loader: 'js', resolveDir: ROOT };
      });
    },
  };
}

/** The launcher `npm install -g` links as `sluice`. */
export const BIN_SOURCE = `#!/usr/bin/env node
// The sluice command. Node 22 keeps compiled code between runs; Node 20 has no such cache.
import module from 'node:module';
module.enableCompileCache?.();
// Before the AWS SDK loads: its Node 20 deprecation notice is noise on a command's stderr.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
await import('../lib/main.js');
`;

/** Builds bin/ and lib/ into `packageDir`; returns the npm packages the code loads at run time. */
export async function bundleCli(packageDir: string, version: string): Promise<Set<string>> {
  const lib = path.join(packageDir, 'lib');
  fs.rmSync(lib, { recursive: true, force: true });
  const stubbed = new Set<string>();
  const result = await build({
    entryPoints: { main: path.join(ROOT, 'cli', 'main.ts') },
    outdir: lib,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    // ESM builds of dependencies first, as the Lambda bundles do.
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.js' },
    plugins: [lazyNatives(NATIVE_MODULES, stubbed)],
    metafile: true,
    define: { SLUICE_CLI_VERSION: JSON.stringify(version) },
    legalComments: 'none',
    logLevel: 'warning',
  });
  const bin = path.join(packageDir, 'bin', 'sluice.js');
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  fs.writeFileSync(bin, BIN_SOURCE, { mode: 0o755 });
  writeCompletions(packageDir, bin);
  const used = new Set(stubbed);
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imp of output.imports) {
      const name = imp.external ? packageOf(imp.path) : null;
      if (name) used.add(name);
    }
  }
  return used;
}

/** Ships the completion scripts too, written by the built command itself (a smoke test of the bundle). */
function writeCompletions(packageDir: string, bin: string): void {
  const dir = path.join(packageDir, 'completions');
  fs.mkdirSync(dir, { recursive: true });
  for (const [shell, file] of [['bash', 'sluice.bash'], ['zsh', '_sluice']] as const) {
    const r = spawnSync(process.execPath, [bin, 'completion', shell], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`the built sluice failed to print its ${shell} completion:\n${r.stderr}`);
    fs.writeFileSync(path.join(dir, file), r.stdout);
  }
}
