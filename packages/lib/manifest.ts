/**
 * A package's dependencies are exactly what its built code imports, at the ranges this
 * repository tests with. The build computes the imports of the built JavaScript with esbuild and
 * fails on any difference from the package's manifest (packages/<kind>/package.json).
 */
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './paths.ts';

export interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

export function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** The npm package an import specifier names, or null for Node's own modules and relative paths. */
export function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return null;
  if (specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!)) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** Packages that the given JavaScript files import, statically or by `import('literal')`. */
export async function importedPackages(entries: string[]): Promise<Set<string>> {
  const result = await build({
    entryPoints: entries,
    bundle: true,
    write: false,
    outdir: '/nonexistent',
    platform: 'node',
    format: 'esm',
    packages: 'external',
    metafile: true,
    logLevel: 'silent',
  });
  const used = new Set<string>();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const imp of input.imports) {
      const name = imp.external ? packageOf(imp.path) : null;
      if (name) used.add(name);
    }
  }
  return used;
}

/** `^X.Y.Z` (or `~X.Y.Z`, or `X.Y.Z`) as numbers. */
function baseVersion(range: string): [number, number, number] | null {
  const m = /^[~^]?(\d+)\.(\d+)\.(\d+)$/.exec(range.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** Version of a package installed at the repository root. */
export function installedVersion(name: string): string {
  return readJson<{ version: string }>(path.join(ROOT, 'node_modules', name, 'package.json')).version;
}

/**
 * What is wrong with a manifest's dependencies, given the packages its code imports: each problem
 * as a sentence; an empty list when there is none.
 * - `dependencies` are exactly the imported packages not in `peerDependencies`, each at the range
 *   of the repository's package.json (the versions the tests ran);
 * - a peer range is `^X.Y.Z` and takes the version installed here (same major, not older).
 */
export function dependencyProblems(
  manifest: Manifest,
  used: Set<string>,
  root: Manifest,
  installed: (name: string) => string = installedVersion,
): string[] {
  const problems: string[] = [];
  const deps = manifest.dependencies ?? {};
  const peers = manifest.peerDependencies ?? {};
  const rootRanges: Record<string, string> = { ...root.devDependencies, ...root.dependencies };
  for (const name of used) {
    if (!(name in deps) && !(name in peers)) problems.push(`${manifest.name} imports ${name} but does not declare it`);
  }
  for (const [name, range] of Object.entries(deps)) {
    if (!used.has(name)) problems.push(`${manifest.name} declares ${name} but its code does not import it`);
    else if (rootRanges[name] !== range) {
      problems.push(`${manifest.name} wants ${name}@${range}; the repository tests ${rootRanges[name] ?? 'no version'}`);
    }
  }
  for (const [name, range] of Object.entries(peers)) {
    if (!used.has(name)) problems.push(`${manifest.name} declares the peer ${name} but its code does not import it`);
    const base = baseVersion(range);
    const have = baseVersion(installed(name));
    if (!base || !range.startsWith('^') || !have) {
      problems.push(`${manifest.name}: the peer range ${name}@${range} must be ^X.Y.Z`);
      continue;
    }
    const notOlder = have[1] > base[1] || (have[1] === base[1] && have[2] >= base[2]);
    if (have[0] !== base[0] || !notOlder) {
      problems.push(`${manifest.name}: the tested ${name} ${installed(name)} is outside the peer range ${range}`);
    }
  }
  return problems;
}

const SPECIFIER = /(?:from\s+|import\s*\(\s*|import\s+)(['"])([^'"\n]+)\1/g;

/**
 * Packages that the declarations reachable from `entryDts` import: a consumer's tsc must resolve
 * them, so they are dependencies even when the JavaScript never loads them (`@smithy/types`).
 */
export function declarationPackages(entryDts: string): Set<string> {
  const used = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !fs.existsSync(file)) return;
    seen.add(file);
    const code = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const m of code.matchAll(SPECIFIER)) {
      const spec = m[2]!;
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.d.ts')));
      else {
        const name = packageOf(spec);
        if (name) used.add(name);
      }
    }
  };
  visit(entryDts);
  return used;
}
