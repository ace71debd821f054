import { describe, expect, it } from 'vitest';
import { startDynamoDbLocal } from '../../../local/emulators/dynamodb.ts';
import { CommandNotFoundError } from '../../../local/emulators/supervised.ts';

describe('startDynamoDbLocal', () => {
  it('says plainly that Java is missing when it cannot start java', async () => {
    const err = await startDynamoDbLocal({ java: '/nonexistent/bin/java' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandNotFoundError);
    expect((err as Error).message).toMatch(/needs a Java runtime/);
    expect((err as Error).message).toMatch(/openjdk-17-jre-headless/);
    expect((err as Error).message).toMatch(/SLUICE_AWS_ENDPOINT/);
  });
});
