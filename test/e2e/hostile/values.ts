/**
 * Arbitraries of hostile JSON values: wrong types, numbers out of every range, overlong and
 * illegal names. Each is invalid for the field it is aimed at, so a request carrying it must be
 * refused; none may make a request valid by chance.
 */
import fc from 'fast-check';

export type JsonKind = 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'array' | 'object';

const samples: Record<JsonKind, fc.Arbitrary<unknown>> = {
  string: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('', '0', '1', 'null', 'true', '[]', '{}', '\u0000', '\ud800')),
  integer: fc.oneof(fc.integer(), fc.constantFrom(0, 1, -1, 2 ** 31, 2 ** 53 - 1)),
  number: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x)), fc.constantFrom(0.5, -0.5, 1e-300)),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.oneof(fc.constant([]), fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant(null)), { minLength: 1, maxLength: 3 })),
  object: fc.oneof(fc.constant({}), fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { minKeys: 1, maxKeys: 3 })),
};

/** A JSON value of none of the accepted kinds (`integer` implies `number` is wrong unless accepted). */
export function wrongType(accepts: readonly JsonKind[]): fc.Arbitrary<unknown> {
  const ok = new Set(accepts);
  const kinds = (Object.keys(samples) as JsonKind[]).filter((k) => !ok.has(k) && !(k === 'integer' && ok.has('number')));
  return fc.oneof(...kinds.map((k) => samples[k]));
}

/** Integers and numbers outside [min, max], or not integers at all. */
export function badInt(min: number, max: number): fc.Arbitrary<number> {
  const options: fc.Arbitrary<number>[] = [
    fc.constantFrom(0.5, min + 0.5, 2 ** 53, 2 ** 63, 1e300, -1e300, -(2 ** 53)),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x)),
  ];
  if (max < Number.MAX_SAFE_INTEGER) options.push(fc.integer({ min: max + 1, max: Number.MAX_SAFE_INTEGER }));
  if (min > Number.MIN_SAFE_INTEGER) options.push(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: min - 1 }));
  return fc.oneof(...options);
}

/** Strings longer than `max`: just over, and far over. */
export function overlong(max: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.integer({ min: max + 1, max: max + 40 }).map((n) => 'a'.repeat(n)),
    fc.constantFrom('x'.repeat(max * 4 + 7), 'é'.repeat(max + 1)),
  );
}

/** Names that break Kafka's rules: empty, `.`/`..`, illegal characters, too long. */
export const badName = (max = 249): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom('', '.', '..', 'a b', 'a/b', 'a\\b', 'ä', '名前', 'a\u0000b', 'topic!', '$(rm)', '<script>', 'a%2Fb', 'a\nb'),
    fc.string({ minLength: 1, maxLength: 12 }).map((s) => `${s}#`),
    overlong(max),
  );

/** Keys no schema knows, including the ones that poke at JavaScript objects. */
export function unknownKey(known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'acks', 'extra', ''),
    fc.string({ minLength: 1, maxLength: 16 }),
  ).filter((k) => !known.includes(k));
}

/** Anything at all, for an unknown field's value. */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 2 });

/** Strings that are not strict base64 (checked with the rule the service applies). */
export const brokenBase64: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 12 }),
    fc.constantFrom('aGVsbG8', 'aGVsbG8==', 'a===', '====', 'aGVs bG8=', 'aGVsbG8=\n', 'aGVsbG8=aGVsbG8=', '-_-_', 'Zm9v!', 'Zg'),
  )
  .filter((s) => !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s));
