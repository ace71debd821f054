import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_TABLE } from '../../../shared/api/errors.ts';
import { openApiDocument } from '../../../shared/api/openapi.ts';

const read = (p: string) => readFileSync(new URL(`../../../${p}`, import.meta.url), 'utf8');

describe('API reference', () => {
  it('documents every error code with its status and retriable flag', () => {
    const doc = read('docs/api.md');
    for (const [code, { status, retriable }] of Object.entries(ERROR_TABLE)) {
      expect(doc).toMatch(new RegExp(`\\| ${code} \\| ${status} \\| ${retriable ? 'yes' : 'no'} \\|`));
    }
  });

  it('keeps docs/openapi.json equal to what the schemas generate', () => {
    expect(JSON.parse(read('docs/openapi.json'))).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });
});
