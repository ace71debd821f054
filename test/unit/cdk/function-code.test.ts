import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { PREBUILT_MANIFEST, prebuiltBundleDir } from '../../../cdk/function-code.ts';
import { REPO_ROOT } from '../../../cdk/bundling.ts';

const roots: string[] = [];
function packageRoot(manifest: object, bundles: string[]): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-prebuilt-'));
  roots.push(root);
  fs.mkdirSync(path.join(root, 'functions'));
  fs.writeFileSync(path.join(root, 'functions', PREBUILT_MANIFEST), JSON.stringify(manifest));
  for (const name of bundles) {
    fs.mkdirSync(path.join(root, 'functions', name));
    fs.writeFileSync(path.join(root, 'functions', name, 'index.mjs'), 'export const handler = () => {};');
  }
  return root;
}

afterEach(() => {
  for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true });
});

describe('prebuilt function bundles', () => {
  it('bundles from source in this repository, which has no manifest', () => {
    expect(prebuiltBundleDir('produce', Architecture.ARM_64, REPO_ROOT)).toBeUndefined();
  });

  it('uses the packaged bundle of a function for the architecture it was built for', () => {
    const root = packageRoot({ architecture: 'arm64', nativeModules: [], functions: { produce: 'produce' } }, ['produce']);
    expect(prebuiltBundleDir('produce', Architecture.ARM_64, root)).toBe(path.join(root, 'functions', 'produce'));
  });

  it('refuses another architecture, a function without a bundle, and a bundle folder without index.mjs', () => {
    const root = packageRoot({ architecture: 'arm64', nativeModules: [], functions: { produce: 'produce', fetch: 'fetch' } }, ['produce']);
    expect(() => prebuiltBundleDir('produce', Architecture.X86_64, root)).toThrow(/built for arm64, not x86_64/);
    expect(() => prebuiltBundleDir('groups', Architecture.ARM_64, root)).toThrow(/no prebuilt bundle for the Sluice function "groups"/);
    expect(() => prebuiltBundleDir('fetch', Architecture.ARM_64, root)).toThrow(/prebuilt bundle missing/);
  });
});
