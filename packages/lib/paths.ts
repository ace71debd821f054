/** Where the package build reads and writes. Everything it writes is under `dist/` (gitignored). */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PACKAGES_SRC = path.join(ROOT, 'packages');
export const DEFAULT_OUT = path.join(ROOT, 'dist');

/** The three packages, by their folder under packages/. */
export const PACKAGE_KINDS = ['sdk', 'cli', 'cdk'] as const;
export type PackageKind = (typeof PACKAGE_KINDS)[number];

export interface BuildLayout {
  /** dist/packages/<kind>: the package folder that `npm pack` packs. */
  packageDir(kind: PackageKind): string;
  /** dist/tarballs: where the .tgz files go. */
  tarballs: string;
  /** dist/build: scratch (generated tsconfigs, the synth of the function bundles). */
  scratch: string;
}

export function layout(out: string = DEFAULT_OUT): BuildLayout {
  return {
    packageDir: (kind) => path.join(out, 'packages', kind),
    tarballs: path.join(out, 'tarballs'),
    scratch: path.join(out, 'build'),
  };
}
