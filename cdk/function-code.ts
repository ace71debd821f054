/**
 * Where a function's code comes from.
 *
 * - In this repository: `functions/<name>/index.ts`, bundled by esbuild at synth (NodejsFunction,
 *   see bundling.ts), with the native modules installed for the Lambda platform.
 * - In the construct package (docs/packages.md): the same bundles, built once when the package is
 *   built and shipped in it as `functions/<name>/` (index.mjs, its source map, and a node_modules
 *   with the linux-arm64 native modules), next to a {@link PREBUILT_MANIFEST} that says for which
 *   platform they were built. A user's app then synthesizes without esbuild, Docker or our sources.
 *
 * The rule is the presence of the manifest: the package build writes it, the repository never has one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Architecture } from 'aws-cdk-lib/aws-lambda';
import { REPO_ROOT } from './bundling.ts';

/** File name of the manifest under `functions/` that marks prebuilt bundles. */
export const PREBUILT_MANIFEST = 'prebuilt.json';

/** What the package build records about the bundles it ships. */
export interface PrebuiltManifest {
  /** Lambda architecture the native modules were installed for: `arm64` or `x86_64`. */
  readonly architecture: string;
  /** The native modules installed next to each bundle. */
  readonly nativeModules: readonly string[];
  /** Function name to its folder, relative to the manifest. */
  readonly functions: Readonly<Record<string, string>>;
}

/** Reads the manifest of prebuilt bundles under `root/functions`, if there is one. */
export function readPrebuiltManifest(root: string = REPO_ROOT): PrebuiltManifest | undefined {
  const file = path.join(root, 'functions', PREBUILT_MANIFEST);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as PrebuiltManifest;
}

/**
 * The folder of the prebuilt bundle of `name` (for `Code.fromAsset`), or undefined where there are
 * no prebuilt bundles (this repository: bundle from source). Throws when bundles exist but cannot
 * serve: another architecture, or a function the package does not carry.
 */
export function prebuiltBundleDir(name: string, architecture: Architecture, root: string = REPO_ROOT): string | undefined {
  const manifest = readPrebuiltManifest(root);
  if (!manifest) return undefined;
  if (manifest.architecture !== architecture.name) {
    throw new Error(
      `the Sluice function bundles in this package are built for ${manifest.architecture}, not ${architecture.name}: ` +
        `leave \`architecture\` at its default (${manifest.architecture}), or give each function an \`entry\` to bundle yourself`,
    );
  }
  const folder = manifest.functions[name];
  if (folder === undefined) {
    throw new Error(`this package carries no prebuilt bundle for the Sluice function "${name}"; give it an \`entry\``);
  }
  const dir = path.join(root, 'functions', folder);
  if (!fs.existsSync(path.join(dir, 'index.mjs'))) throw new Error(`prebuilt bundle missing: ${path.join(dir, 'index.mjs')}`);
  return dir;
}

/** True where `package-lock.json` sits at the root: bundling from this repository's sources. */
export function hasRepositoryLockfile(root: string = REPO_ROOT): boolean {
  return fs.existsSync(path.join(root, 'package-lock.json'));
}
