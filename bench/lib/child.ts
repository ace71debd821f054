/**
 * Runs one benchmark function in this (fresh) process and writes its result as JSON:
 *
 *   tsx bench/lib/child.ts <module path from bench/> <export name> <quick 0|1> <out file>
 *
 * bench/run.ts starts one per benchmark, so that each gets a clean heap, none disturbs another's
 * timing, and the handler CPU benchmark's swapped engine never meets the end-to-end run.
 */
import { writeFileSync } from 'node:fs';

const [mod, name, quick, out] = process.argv.slice(2);
if (!mod || !name || !out) {
  console.error('usage: child.ts <module> <export> <quick 0|1> <out>');
  process.exit(2);
}
const m = (await import(new URL(`../${mod}`, import.meta.url).href)) as Record<string, unknown>;
const fn = m[name];
if (typeof fn !== 'function') throw new Error(`bench/${mod} has no export ${name}`);
const result = await (fn as (o: { quick: boolean }) => Promise<unknown>)({ quick: quick === '1' });
writeFileSync(out, JSON.stringify(result));
process.exit(0);
