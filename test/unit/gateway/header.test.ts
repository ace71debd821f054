import { describe, expect, it } from 'vitest';
import {
  decodeRequestHeader,
  decodeResponseHeader,
  encodeRequestHeader,
  encodeResponseHeader,
  peekApiKeyAndVersion,
  requestHeaderVersion,
  responseHeaderVersion,
  type RequestHeader,
} from '../../../gateway/protocol/header.ts';
import { Reader } from '../../../gateway/protocol/reader.ts';
import { Writer } from '../../../gateway/protocol/writer.ts';

const header: RequestHeader = { apiKey: 3, apiVersion: 12, correlationId: 99, clientId: 'cli' };

function requestBytes(version: number, h: RequestHeader = header): Buffer {
  const w = new Writer();
  encodeRequestHeader(h, version, w);
  return w.finish();
}

describe('request header', () => {
  it('v1 is key, version, correlation id and an int16-length client id', () => {
    expect(requestBytes(1).toString('hex')).toBe('0003' + '000c' + '00000063' + '0003636c69');
  });

  it('v2 keeps the classic client id and adds a tagged section', () => {
    expect(requestBytes(2).toString('hex')).toBe('0003' + '000c' + '00000063' + '0003636c69' + '00');
  });

  it('round-trips a null client id, leaving the reader at the body', () => {
    for (const v of [1, 2]) {
      const bytes = Buffer.concat([requestBytes(v, { ...header, clientId: null }), Buffer.from([0xab])]);
      const r = new Reader(bytes);
      expect(decodeRequestHeader(r, v)).toEqual({ ...header, clientId: null });
      expect(r.remaining).toBe(1);
    }
  });

  it('skips tagged fields in a v2 header', () => {
    const bytes = Buffer.from('0003000c000000630003636c69' + '01' + '00' + '02' + 'abcd', 'hex');
    const r = new Reader(bytes);
    expect(decodeRequestHeader(r, 2)).toEqual(header);
    expect(r.remaining).toBe(0);
  });

  it('is v2 for flexible versions, v1 otherwise', () => {
    expect(requestHeaderVersion(true)).toBe(2);
    expect(requestHeaderVersion(false)).toBe(1);
    expect(peekApiKeyAndVersion(requestBytes(1))).toEqual({ apiKey: 3, apiVersion: 12 });
  });
});

describe('response header', () => {
  it('is v1 (with a tagged section) when flexible, except for ApiVersions', () => {
    expect(responseHeaderVersion(3, true)).toBe(1);
    expect(responseHeaderVersion(3, false)).toBe(0);
    expect(responseHeaderVersion(18, true)).toBe(0);
    const w = new Writer();
    encodeResponseHeader(7, 1, w);
    const bytes = w.finish();
    expect(bytes.toString('hex')).toBe('0000000700');
    expect(decodeResponseHeader(new Reader(bytes), 1)).toEqual({ correlationId: 7 });
  });
});
