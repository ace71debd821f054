/**
 * Compiles entry files with tsc into `<packageDir>/lib`, keeping the repository's folders
 * (`lib/sdk/…`, `lib/shared/…`): the shared pieces an entry imports are compiled in, nothing else.
 *
 * The sources import with `.ts` extensions. tsc rewrites them to `.js` in the JavaScript
 * (`rewriteRelativeImportExtensions`) but leaves them in the declarations, so those are rewritten
 * here; a consumer's tsc then resolves `./x.js` to `./x.d.ts`.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './paths.ts';

/** Runs tsc as a child process, so the caller can do other work meanwhile. */
export async function tscEmit(options: { name: string; entries: string[]; packageDir: string; scratch: string }): Promise<void> {
  fs.mkdirSync(options.scratch, { recursive: true });
  const outDir = path.join(options.packageDir, 'lib');
  fs.rmSync(outDir, { recursive: true, force: true });
  const tsconfig = path.join(options.scratch, `tsconfig.${options.name}.json`);
  fs.writeFileSync(
    tsconfig,
    JSON.stringify(
      {
        extends: path.join(ROOT, 'tsconfig.json'),
        compilerOptions: {
          noEmit: false,
          declaration: true,
          rewriteRelativeImportExtensions: true,
          rootDir: ROOT,
          outDir,
          // Our @types/node, found from the repository's node_modules.
          typeRoots: [path.join(ROOT, 'node_modules', '@types')],
          removeComments: false,
          stripInternal: true,
        },
        include: [],
        files: options.entries.map((e) => path.join(ROOT, e)),
      },
      null,
      2,
    ),
  );
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const child = spawn(process.execPath, [tsc, '-p', tsconfig], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (status !== 0) throw new Error(`tsc failed for ${options.name}:\n${output}`);
  for (const file of walk(outDir)) {
    if (file.endsWith('.d.ts')) fs.writeFileSync(file, rewriteTsSpecifiers(fs.readFileSync(file, 'utf8')));
  }
}

/** `'./x.ts'` and `"../y.ts"` (relative module specifiers) to `.js`; other strings are left alone. */
export function rewriteTsSpecifiers(source: string): string {
  return source.replace(/(['"])(\.{1,2}\/[^'"\n]*?)\.ts\1/g, '$1$2.js$1');
}

export function* walk(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}
