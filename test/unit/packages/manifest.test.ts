import { describe, expect, it } from 'vitest';
import { dependencyProblems, packageOf, type Manifest } from '../../../packages/lib/manifest.ts';
import { lazyModuleSource } from '../../../packages/lib/cli-bundle.ts';
import { rewriteTsSpecifiers } from '../../../packages/lib/tsc-emit.ts';

const root: Manifest = {
  name: 'sluice',
  version: '0.1.0',
  dependencies: { snappy: '^7.4.3', 'aws-cdk-lib': '~2.276.0' },
  devDependencies: { esbuild: '^0.28.2' },
};
const installed = (name: string) => ({ 'aws-cdk-lib': '2.276.0', constructs: '10.8.1' })[name] ?? '0.0.0';

describe('package manifests', () => {
  it('names the package of bare, scoped and deep specifiers, and none for Node modules or relative paths', () => {
    expect(packageOf('snappy')).toBe('snappy');
    expect(packageOf('@smithy/types')).toBe('@smithy/types');
    expect(packageOf('aws-cdk-lib/aws-lambda')).toBe('aws-cdk-lib');
    expect(packageOf('@aws-sdk/credential-providers/dist/x.js')).toBe('@aws-sdk/credential-providers');
    expect(packageOf('node:fs')).toBeNull();
    expect(packageOf('fs/promises')).toBeNull();
    expect(packageOf('./client.js')).toBeNull();
  });

  it('accepts dependencies that are exactly the imports, at the repository ranges', () => {
    const m: Manifest = { name: '@sluice/sdk', version: '0.1.0', dependencies: { snappy: '^7.4.3' } };
    expect(dependencyProblems(m, new Set(['snappy']), root, installed)).toEqual([]);
  });

  it('reports an undeclared import, an unused dependency and a range other than the tested one', () => {
    const m: Manifest = { name: '@sluice/sdk', version: '0.1.0', dependencies: { snappy: '^7.0.0', esbuild: '^0.28.2' } };
    expect(dependencyProblems(m, new Set(['snappy', 'fzstd']), root, installed)).toEqual([
      '@sluice/sdk imports fzstd but does not declare it',
      '@sluice/sdk wants snappy@^7.0.0; the repository tests ^7.4.3',
      '@sluice/sdk declares esbuild but its code does not import it',
    ]);
  });

  it('takes a caret peer range that holds the tested version, and refuses one that does not', () => {
    const used = new Set(['aws-cdk-lib', 'constructs']);
    const good: Manifest = { name: 'c', version: '0.1.0', peerDependencies: { 'aws-cdk-lib': '^2.200.0', constructs: '^10.8.0' } };
    expect(dependencyProblems(good, used, root, installed)).toEqual([]);
    const newer: Manifest = { name: 'c', version: '0.1.0', peerDependencies: { 'aws-cdk-lib': '^2.300.0', constructs: '~10.8.0' } };
    expect(dependencyProblems(newer, used, root, installed)).toEqual([
      'c: the tested aws-cdk-lib 2.276.0 is outside the peer range ^2.300.0',
      'c: the peer range constructs@~10.8.0 must be ^X.Y.Z',
    ]);
  });
});

describe('compiled output', () => {
  it('rewrites relative .ts specifiers in declarations to .js and leaves others alone', () => {
    const dts = [
      "import type { A } from './a.ts';",
      'export { B } from "../shared/b.ts";',
      "type C = import('./c.ts').C;",
      "import type { D } from '@smithy/types';",
      "declare const s = 'notes.ts';",
    ].join('\n');
    expect(rewriteTsSpecifiers(dts)).toBe(
      [
        "import type { A } from './a.js';",
        'export { B } from "../shared/b.js";',
        "type C = import('./c.js').C;",
        "import type { D } from '@smithy/types';",
        "declare const s = 'notes.ts';",
      ].join('\n'),
    );
  });

  it('stubs a native module so that it loads on the first call, not at import', async () => {
    const source = lazyModuleSource('node:os', ['hostname', 'not-an-identifier']);
    expect(source).not.toContain('not-an-identifier');
    const url = `data:text/javascript,${encodeURIComponent(source.replace("createRequire(import.meta.url)", "createRequire('file:///')"))}`;
    const stub = (await import(/* @vite-ignore */ url)) as { hostname: () => string };
    const os = await import('node:os');
    expect(stub.hostname()).toBe(os.hostname());
  });
});
