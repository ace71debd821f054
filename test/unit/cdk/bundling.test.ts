import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { describe, expect, it } from 'vitest';
import {
  ESM_REQUIRE_BANNER,
  NATIVE_MODULES,
  REPO_ROOT,
  defaultEntry,
  npmPlatformEnvironment,
  sluiceBundling,
} from '../../../cdk/bundling.ts';

const arm = sluiceBundling({ architecture: Architecture.ARM_64, bundleAwsSdk: true, nativeModules: NATIVE_MODULES });

describe('Sluice function bundling', () => {
  it('keeps crc32, snappy and lz4 out of the bundle and installs them as node modules', () => {
    expect(NATIVE_MODULES).toEqual(expect.arrayContaining(['@node-rs/crc32', 'snappy', 'lz4-napi']));
    expect(arm.nodeModules).toEqual([...NATIVE_MODULES]);
  });

  it('lists only native modules that package.json depends on, so their versions can be pinned', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    for (const name of NATIVE_MODULES) expect(Object.keys(pkg.dependencies)).toContain(name);
  });

  it('makes npm install the linux arm64 glibc binaries for arm64 functions', () => {
    expect(arm.environment).toEqual({ npm_config_os: 'linux', npm_config_cpu: 'arm64', npm_config_libc: 'glibc' });
  });

  it('makes npm install the linux x64 binaries for x86_64 functions', () => {
    expect(npmPlatformEnvironment(Architecture.X86_64)).toEqual({
      npm_config_os: 'linux',
      npm_config_cpu: 'x64',
      npm_config_libc: 'glibc',
    });
  });

  it('emits minified ESM with source maps and a createRequire shim, without Docker', () => {
    expect(arm.format).toBe(OutputFormat.ESM);
    expect(arm.minify).toBe(true);
    expect(arm.sourceMap).toBe(true);
    expect(arm.forceDockerBundling).toBe(false);
    expect(arm.banner).toBe(ESM_REQUIRE_BANNER);
    expect(ESM_REQUIRE_BANNER).toMatch(/createRequire as \w+ } from 'node:module'; const require = \w+\(import\.meta\.url\);$/);
  });

  it('bundles the AWS SDK unless told to use the runtime copy', () => {
    expect(arm.bundleAwsSDK).toBe(true);
    expect(sluiceBundling({ architecture: Architecture.ARM_64, bundleAwsSdk: false, nativeModules: [] }).bundleAwsSDK).toBe(false);
  });

  it('finds each handler at functions/<name>/index.ts in the repository', () => {
    expect(defaultEntry('produce')).toBe(path.join(REPO_ROOT, 'functions', 'produce', 'index.ts'));
    expect(path.relative(REPO_ROOT, defaultEntry('admin'))).toBe(path.join('functions', 'admin', 'index.ts'));
    expect(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8').length).toBeGreaterThan(0);
  });

  it('puts the Lambda client in the maintenance bundle only', async () => {
    const { build } = await import('esbuild');
    const inputs = async (name: 'admin' | 'produce' | 'fetch' | 'groups' | 'maintenance') => {
      const out = await build({
        entryPoints: [defaultEntry(name)],
        bundle: true,
        write: false,
        metafile: true,
        platform: 'node',
        format: 'esm',
        logLevel: 'silent',
        external: [...NATIVE_MODULES],
      });
      return Object.keys(out.metafile.inputs);
    };
    expect((await inputs('maintenance')).some((f) => f.includes('@aws-sdk/client-lambda/'))).toBe(true);
    for (const name of ['admin', 'produce', 'fetch', 'groups'] as const) {
      expect((await inputs(name)).filter((f) => f.includes('@aws-sdk/client-lambda/')), name).toEqual([]);
    }
  }, 120_000);
});
