/**
 * Where the real clients are, and a loud failure when one is missing: the suite never skips a
 * client silently, because a green run without it would claim interop nobody checked.
 */
import { run } from './process.ts';

/**
 * Debian's Python, which sees Debian's python3-confluent-kafka and python3-kafka. A `python3`
 * earlier on PATH (pyenv, a venv) usually does not, so it is not used unless asked for.
 */
export const PYTHON = process.env.SLUICE_INTEROP_PYTHON ?? '/usr/bin/python3';

export const KCAT = process.env.SLUICE_INTEROP_KCAT ?? 'kcat';

export const INSTALL_COMMAND =
  'apt-get update && apt-get install -y --no-install-recommends kcat python3-confluent-kafka python3-kafka python3-lz4 python3-snappy python3-zstandard';

function missing(what: string, detail: string): Error {
  return new Error(`${what} is not installed (${detail}). Install the interop clients with:\n  ${INSTALL_COMMAND}`);
}

let kcatCheck: Promise<string> | undefined;
const moduleChecks = new Map<string, Promise<string>>();

/**
 * kcat's version line, e.g. `Version 1.7.1 (... librdkafka 2.0.2 builtin.features=...)`. Checked
 * once per file; every test that uses kcat awaits it, so a missing kcat fails each of them (a
 * failing beforeAll would only mark them skipped).
 */
export function requireKcat(): Promise<string> {
  return (kcatCheck ??= checkKcat());
}

async function checkKcat(): Promise<string> {
  const r = await run(KCAT, ['-V'], { timeoutMs: 10_000 }).catch((e: unknown) => {
    throw missing('kcat', e instanceof Error ? e.message : String(e));
  });
  const version = r.stdout.split('\n').find((l) => l.startsWith('Version'));
  if (r.code !== 0 || !version) throw missing('kcat', `\`${KCAT} -V\` printed: ${r.stdout}${r.stderr}`);
  return version;
}

/** Imports a module with {@link PYTHON} and returns its version string; checked once, as {@link requireKcat}. */
export function requirePythonModule(module: 'confluent_kafka' | 'kafka', versionExpr: string): Promise<string> {
  const key = `${module}:${versionExpr}`;
  let check = moduleChecks.get(key);
  if (!check) moduleChecks.set(key, (check = checkPythonModule(module, versionExpr)));
  return check;
}

async function checkPythonModule(module: string, versionExpr: string): Promise<string> {
  const r = await run(PYTHON, ['-c', `import ${module}; print(${versionExpr})`], { timeoutMs: 20_000 }).catch((e: unknown) => {
    throw missing(`${PYTHON}`, e instanceof Error ? e.message : String(e));
  });
  if (r.code !== 0) throw missing(`the Python module ${module}`, `${PYTHON} -c 'import ${module}' failed: ${r.stderr.trim().split('\n').at(-1) ?? ''}`);
  return r.stdout.trim();
}

/** Whether `python3 -c 'import <module>'` works: kafka-python's optional codecs depend on it. */
export async function pythonHasModule(module: string): Promise<boolean> {
  // No Python at all is reported by requirePythonModule, test by test; here it is just "no".
  const r = await run(PYTHON, ['-c', `import ${module}`], { timeoutMs: 20_000 }).catch(() => undefined);
  return r?.code === 0;
}
