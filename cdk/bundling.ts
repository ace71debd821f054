import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { FunctionName } from '../shared/api/routes.ts';

/** The repository root: the project that holds `functions/`, `shared/` and `package-lock.json`. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Packages with native (napi-rs) binaries. esbuild cannot inline a `.node` file, so these stay
 * external and are installed into each function's bundle by `npm ci` at synth time, for the
 * function's platform (see {@link npmPlatformEnvironment}). A new native codec (zstd, ...) goes here
 * and nowhere else; its version comes from package.json.
 */
export const NATIVE_MODULES: readonly string[] = ['@node-rs/crc32', 'snappy', 'lz4-napi'];

/**
 * ESM bundles have no `require`; bundled CommonJS code (and the napi-rs loaders) still call it.
 * The alias avoids a clash with any bundled module that imports `createRequire` itself.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __sluiceCreateRequire } from 'node:module'; const require = __sluiceCreateRequire(import.meta.url);";

/** The handler file of a capability in this repository: `functions/<name>/index.ts`. */
export function defaultEntry(name: FunctionName): string {
  return path.join(REPO_ROOT, 'functions', name, 'index.ts');
}

/**
 * npm configuration that makes `npm ci` pick the Lambda platform's optional packages
 * (`@napi-rs/snappy-linux-arm64-gnu`, ...) whatever machine runs the synth. Lambda's Amazon Linux
 * 2023 uses glibc. Local bundling passes `environment` to every step, `npm ci` included.
 */
export function npmPlatformEnvironment(architecture: Architecture): Record<string, string> {
  const cpu = architecture === Architecture.ARM_64 ? 'arm64' : 'x64';
  return { npm_config_os: 'linux', npm_config_cpu: cpu, npm_config_libc: 'glibc' };
}

export interface SluiceBundlingInput {
  architecture: Architecture;
  /** Bundle the AWS SDK rather than use the runtime's copy. */
  bundleAwsSdk: boolean;
  nativeModules: readonly string[];
}

/** esbuild options shared by every Sluice function: local (no Docker), ESM, minified, with source maps. */
export function sluiceBundling(input: SluiceBundlingInput): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    banner: ESM_REQUIRE_BANNER,
    // ESM builds of dependencies first (the AWS SDK ships both), so tree shaking works.
    mainFields: ['module', 'main'],
    minify: true,
    sourceMap: true,
    // Stack traces need only the mappings; the sources would double the asset size.
    sourcesContent: false,
    bundleAwsSDK: input.bundleAwsSdk,
    nodeModules: [...input.nativeModules],
    environment: npmPlatformEnvironment(input.architecture),
    forceDockerBundling: false,
  };
}
