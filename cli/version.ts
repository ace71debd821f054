/**
 * The command's version: the CLI package's (packages/cli/package.json). The package build inlines
 * it (esbuild `define`); run from this repository, it is read from that manifest.
 */
import { readFileSync } from 'node:fs';

declare const SLUICE_CLI_VERSION: string | undefined;

export function cliVersion(): string {
  if (typeof SLUICE_CLI_VERSION === 'string') return SLUICE_CLI_VERSION;
  const manifest = new URL('../packages/cli/package.json', import.meta.url);
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}
