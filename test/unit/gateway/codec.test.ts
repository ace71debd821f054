import { describe, expect, it } from 'vitest';
import { decodeMessage, decodeRequestBody, encodeMessage, encodeRequestBody } from '../../../gateway/protocol/codec.ts';
import { ProtocolError } from '../../../gateway/protocol/errors.ts';
import { Reader } from '../../../gateway/protocol/reader.ts';
import { array, field, range, struct, type Field, type MessageSchema } from '../../../gateway/protocol/schema.ts';
import { ZERO_UUID } from '../../../gateway/protocol/uuid.ts';
import { Writer } from '../../../gateway/protocol/writer.ts';

function encode(fields: Field[], version: number, flexible: boolean, value: Record<string, unknown>): Buffer {
  const w = new Writer();
  encodeMessage(fields, version, flexible, value, w);
  return w.finish();
}

function roundTrip(fields: Field[], version: number, flexible: boolean, value: Record<string, unknown>) {
  const reader = new Reader(encode(fields, version, flexible, value));
  const out = decodeMessage(fields, version, flexible, reader);
  expect(reader.remaining).toBe(0);
  return out;
}

/** Every primitive, a nullable of each kind, an array of structs, a struct field. */
const everyType: Field[] = [
  field('b', 'bool', '0+'),
  field('i8', 'int8', '0+'),
  field('i16', 'int16', '0+'),
  field('u16', 'uint16', '0+'),
  field('i32', 'int32', '0+'),
  field('u32', 'uint32', '0+'),
  field('i64', 'int64', '0+'),
  field('f64', 'float64', '0+'),
  field('s', 'string', '0+'),
  field('ns', 'string', '0+', { nullable: '0+' }),
  field('by', 'bytes', '0+'),
  field('nby', 'bytes', '0+', { nullable: '0+' }),
  field('rec', 'records', '0+', { nullable: '0+' }),
  field('id', 'uuid', '0+'),
  field('ints', array('int32'), '0+'),
  field('strs', array('string'), '0+', { nullable: '0+' }),
  field('items', array(struct(field('name', 'string', '0+'), field('n', 'int64', '0+'))), '0+'),
  field('one', struct(field('x', 'int16', '0+')), '0+'),
];

const sample = {
  b: true,
  i8: -3,
  i16: 1234,
  u16: 65000,
  i32: -70000,
  u32: 4_000_000_000,
  i64: -(2n ** 40n),
  f64: 0.25,
  s: 'topic-é',
  ns: null,
  by: Buffer.from('abc'),
  nby: null,
  rec: Buffer.alloc(3000, 9),
  id: '11111111-2222-3333-4444-555555555555',
  ints: [1, -2, 3],
  strs: null,
  items: [
    { name: 'a', n: 1n },
    { name: 'b', n: -1n },
  ],
  one: { x: 7 },
};

describe('decodeMessage / encodeMessage', () => {
  it('round-trips every type in a classic (non-flexible) version', () => {
    expect(roundTrip(everyType, 0, false, sample)).toEqual(sample);
  });

  it('round-trips every type in a flexible version, with compact lengths and a tagged section per struct', () => {
    expect(roundTrip(everyType, 0, true, sample)).toEqual(sample);
    const minimal = encode([field('s', 'string', '0+')], 0, true, { s: 'ab' });
    // compact string (03 61 62), then an empty tagged section (00)
    expect(minimal.toString('hex')).toBe('03616200');
    const nested = encode([field('a', array(struct(field('x', 'int8', '0+'))), '0+')], 0, true, { a: [{ x: 1 }] });
    // compact array of 1 (02), element x=01 and its tagged section 00, then the message's 00
    expect(nested.toString('hex')).toBe('02010000');
  });

  it('gives defaults to fields left out when encoding', () => {
    const out = roundTrip(everyType, 0, false, {});
    expect(out).toEqual({
      b: false,
      i8: 0,
      i16: 0,
      u16: 0,
      i32: 0,
      u32: 0,
      i64: 0n,
      f64: 0,
      s: '',
      ns: null,
      by: Buffer.alloc(0),
      nby: null,
      rec: null,
      id: ZERO_UUID,
      ints: [],
      strs: [],
      items: [],
      one: { x: 0 },
    });
  });

  it('accepts a safe-integer number for an int64 and always decodes a bigint', () => {
    expect(roundTrip([field('n', 'int64', '0+')], 0, false, { n: 42 })).toEqual({ n: 42n });
  });

  it('skips fields outside the version and fills them with defaults when decoding', () => {
    const fields = [
      field('a', 'int32', '0+'),
      field('txn', 'string', '3+', { nullable: '3+' }),
      field('newer', 'int16', '2+', { default: -1 }),
      field('old', 'int8', '0-1'),
    ];
    const v1 = encode(fields, 1, false, { a: 5, txn: 'x', newer: 9, old: 2 });
    expect(v1.toString('hex')).toBe('0000000502');
    expect(decodeMessage(fields, 1, false, new Reader(v1))).toEqual({ a: 5, txn: null, newer: -1, old: 2 });
    expect(roundTrip(fields, 3, false, { a: 5, txn: null })).toEqual({ a: 5, txn: null, newer: -1, old: 0 });
  });

  it('writes tagged fields only when they differ from the default, in tag order', () => {
    const fields = [
      field('a', 'int8', '0+'),
      field('later', 'string', '0+', { tag: 2, tagged: '0+' }),
      field('epoch', 'int64', '0+', { tag: 1, tagged: '0+', default: '-1' }),
    ];
    expect(encode(fields, 0, true, { a: 1 }).toString('hex')).toBe('0100');
    expect(encode(fields, 0, true, { a: 1, epoch: -1n, later: '' }).toString('hex')).toBe('0100');
    const both = encode(fields, 0, true, { a: 1, later: 'z', epoch: 5n });
    // count 2; tag 1, size 8, int64 5; tag 2, size 2, compact 'z'
    expect(both.toString('hex')).toBe('01' + '02' + '01' + '08' + '0000000000000005' + '02' + '02' + '027a');
    expect(decodeMessage(fields, 0, true, new Reader(both))).toEqual({ a: 1, later: 'z', epoch: 5n });
    expect(decodeMessage(fields, 0, true, new Reader(Buffer.from('0100', 'hex')))).toEqual({ a: 1, later: '', epoch: -1n });
  });

  it('skips tagged fields it does not know', () => {
    const fields = [field('a', 'int8', '0+'), field('known', 'int16', '0+', { tag: 3, tagged: '0+' })];
    const bytes = Buffer.from('07' + '03' + '00' + '02' + 'ffff' + '03' + '02' + '0009' + '09' + '01' + '00', 'hex');
    expect(decodeMessage(fields, 0, true, new Reader(bytes))).toEqual({ a: 7, known: 9 });
  });

  it('leaves tagged fields out of classic versions entirely', () => {
    const fields = [field('a', 'int8', '0+'), field('t', 'int32', '0+', { tag: 0, tagged: '0+' })];
    expect(encode(fields, 0, false, { a: 1, t: 5 }).toString('hex')).toBe('01');
  });

  it('marks a nullable struct with an int8: -1 null, 1 present', () => {
    const fields = [field('s', struct(field('x', 'int8', '0+')), '0+', { nullable: '0+' })];
    expect(encode(fields, 0, false, { s: null }).toString('hex')).toBe('ff');
    expect(encode(fields, 0, false, { s: { x: 4 } }).toString('hex')).toBe('0104');
    expect(roundTrip(fields, 0, true, { s: { x: 4 } })).toEqual({ s: { x: 4 } });
    expect(roundTrip(fields, 0, true, { s: null })).toEqual({ s: null });
  });

  it('refuses null in a non-nullable field, both ways', () => {
    expect(() => encode([field('s', 'string', '0+')], 0, false, { s: null })).toThrow(TypeError);
    expect(() => decodeMessage([field('s', 'string', '0+')], 0, false, new Reader(Buffer.from('ffff', 'hex')))).toThrow(ProtocolError);
    expect(() => decodeMessage([field('a', array('int8'), '0+')], 0, true, new Reader(Buffer.from('00', 'hex')))).toThrow(ProtocolError);
  });
});

describe('request bodies', () => {
  const schema: MessageSchema = {
    apiKey: 1000,
    name: 'Test',
    versions: range('0-2'),
    flexibleFrom: 2,
    request: [field('topics', array(struct(field('name', 'string', '0+'), field('partitions', array('int32'), '0+'))), '0+')],
    response: [],
  };

  it('round-trip across classic and flexible versions', () => {
    const body = { topics: [{ name: 't', partitions: [0, 1] }] };
    for (const v of [0, 1, 2]) expect(decodeRequestBody(schema, v, encodeRequestBody(schema, v, body))).toEqual(body);
    expect(encodeRequestBody(schema, 2, body).toString('hex')).toBe('02' + '0274' + '03' + '0000000000000001' + '00' + '00');
  });

  it('refuse bytes left after the message, and truncated messages', () => {
    const good = encodeRequestBody(schema, 1, { topics: [{ name: 't', partitions: [3] }] });
    expect(() => decodeRequestBody(schema, 1, Buffer.concat([good, Buffer.from([0])]))).toThrow(ProtocolError);
    for (let cut = 0; cut < good.length; cut++) expect(() => decodeRequestBody(schema, 1, good.subarray(0, cut))).toThrow(ProtocolError);
  });
});
