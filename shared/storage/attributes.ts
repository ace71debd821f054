import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** Small typed readers and writers for DynamoDB attribute values, used by the item modules. */
export type Item = Record<string, AttributeValue>;

export const S = (value: string): AttributeValue => ({ S: value });
export const N = (value: number): AttributeValue => ({ N: String(value) });

export function readS(item: Item, name: string): string {
  const v = item[name];
  if (!v || v.S === undefined) throw new Error(`item attribute ${name} is not a string`);
  return v.S;
}

export function readN(item: Item, name: string): number {
  const v = item[name];
  if (!v || v.N === undefined) throw new Error(`item attribute ${name} is not a number`);
  return Number(v.N);
}

export function readStringMap(item: Item, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(item[name]?.M ?? {})) {
    if (v.S !== undefined) out[k] = v.S;
  }
  return out;
}

export function writeStringMap(map: Record<string, string>): AttributeValue {
  return { M: Object.fromEntries(Object.entries(map).map(([k, v]) => [k, S(v)])) };
}
