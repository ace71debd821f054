/**
 * Builds the SDK, CLI and construct packages and packs their tarballs (docs/packages.md):
 *
 *   npm run pack                                  # all three, into dist/tarballs/
 *   tsx packages/build.ts [--out DIR] [--no-pack] [sdk|cli|cdk ...]
 *
 * Each package is assembled in dist/packages/<kind>/ from its manifest in packages/<kind>/, then
 * `npm pack` makes the tarball a user installs.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { bundleCli } from './lib/cli-bundle.ts';
import { buildFunctionBundles } from './lib/function-bundles.ts';
import { declarationPackages, dependencyProblems, importedPackages, readJson, type Manifest } from './lib/manifest.ts';
import { layout, PACKAGE_KINDS, PACKAGES_SRC, ROOT, type BuildLayout, type PackageKind } from './lib/paths.ts';
import { tscEmit } from './lib/tsc-emit.ts';

export interface BuiltPackage {
  kind: PackageKind;
  name: string;
  version: string;
  dir: string;
  /** Absolute path of the .tgz, when packed. */
  tarball?: string;
}

async function assemble(kind: PackageKind, l: BuildLayout): Promise<BuiltPackage> {
  const dir = l.packageDir(kind);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const manifest = readJson<Manifest>(path.join(PACKAGES_SRC, kind, 'package.json'));
  let used: Set<string>;
  if (kind === 'sdk') {
    await tscEmit({ name: kind, entries: ['sdk/index.ts'], packageDir: dir, scratch: l.scratch });
    used = union(await importedPackages([path.join(dir, 'lib/sdk/index.js')]), declarationPackages(path.join(dir, 'lib/sdk/index.d.ts')));
  } else if (kind === 'cli') {
    used = await bundleCli(dir, manifest.version);
  } else {
    // tsc runs in its own process while the bundles build here.
    const emitted = tscEmit({ name: kind, entries: ['cdk/index.ts'], packageDir: dir, scratch: l.scratch });
    buildFunctionBundles(dir, l.scratch);
    await emitted;
    used = union(await importedPackages([path.join(dir, 'lib/cdk/index.js')]), declarationPackages(path.join(dir, 'lib/cdk/index.d.ts')));
  }
  const problems = dependencyProblems(manifest, used, readJson<Manifest>(path.join(ROOT, 'package.json')));
  if (problems.length) throw new Error(`packages/${kind}/package.json:\n  ${problems.join('\n  ')}`);
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.copyFileSync(path.join(PACKAGES_SRC, kind, 'README.md'), path.join(dir, 'README.md'));
  fs.copyFileSync(path.join(ROOT, 'CHANGELOG.md'), path.join(dir, 'CHANGELOG.md'));
  return { kind, name: manifest.name, version: manifest.version, dir };
}

function union<T>(a: Set<T>, b: Set<T>): Set<T> {
  return new Set([...a, ...b]);
}

/** `npm pack` of a built package folder; returns the tarball's path. */
export function pack(dir: string, destination: string): string {
  fs.mkdirSync(destination, { recursive: true });
  const r = spawnSync('npm', ['pack', '--json', '--pack-destination', destination], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm pack failed in ${dir}:\n${r.stderr}`);
  const [info] = JSON.parse(r.stdout) as { filename: string }[];
  return path.join(destination, info!.filename);
}

export async function buildPackages(options: { out?: string; kinds?: readonly PackageKind[]; pack?: boolean } = {}): Promise<BuiltPackage[]> {
  const l = layout(options.out);
  // Concurrently: each package's tsc is a child process, the construct's bundles build in this one.
  return Promise.all(
    (options.kinds ?? PACKAGE_KINDS).map(async (kind) => {
      const pkg = await assemble(kind, l);
      if (options.pack !== false) pkg.tarball = pack(pkg.dir, l.tarballs);
      return pkg;
    }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    options: { out: { type: 'string' }, 'no-pack': { type: 'boolean' } },
    allowPositionals: true,
  });
  const kinds = positionals.length ? positionals : [...PACKAGE_KINDS];
  for (const k of kinds) {
    if (!(PACKAGE_KINDS as readonly string[]).includes(k)) throw new Error(`unknown package ${k}: one of ${PACKAGE_KINDS.join(', ')}`);
  }
  const started = Date.now();
  const built = await buildPackages({ out: values.out, kinds: kinds as PackageKind[], pack: !values['no-pack'] });
  for (const p of built) console.log(`${p.name}@${p.version}  ${path.relative(process.cwd(), p.tarball ?? p.dir)}`);
  console.log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
