import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../shared/api/openapi.ts';

const read = (rel: string) => fs.readFileSync(new URL(`../../../${rel}`, import.meta.url), 'utf8');
const manifest = (kind: string) => JSON.parse(read(`packages/${kind}/package.json`)) as { name: string; version: string };
const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

describe('versions', () => {
  it('releases the three packages under one semantic version with a CHANGELOG entry', () => {
    const versions = ['sdk', 'cli', 'cdk'].map((k) => manifest(k).version);
    expect(new Set(versions).size).toBe(1);
    expect(versions[0]).toMatch(SEMVER);
    expect(read('CHANGELOG.md')).toContain(`## [${versions[0]}]`);
  });

  it('gives the HTTP API a semantic version whose major is the path prefix, and the CHANGELOG names it', () => {
    const version = (openApiDocument() as { info: { version: string } }).info.version;
    expect(version).toMatch(SEMVER);
    expect(`/v${version.split('.')[0]}`).toBe('/v1');
    expect(read('CHANGELOG.md')).toContain(`HTTP API **${version}**`);
    expect((JSON.parse(read('docs/openapi.json')) as { info: { version: string } }).info.version).toBe(version);
  });
});
