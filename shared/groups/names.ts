import { SluiceError } from '../api/errors.ts';

/**
 * Group ids follow the topic name rules ([a-zA-Z0-9._-], 1 to 249 characters): they become
 * DynamoDB keys and URL path segments, and Kafka users already name groups this way. Member ids
 * are the client's (a UUID from the SDK), at most 64 characters of [a-zA-Z0-9_-].
 */
const GROUP_ID = /^[a-zA-Z0-9._-]{1,249}$/;
const MEMBER_ID = /^[a-zA-Z0-9_-]{1,64}$/;

export function validateGroupId(groupId: string): void {
  if (!GROUP_ID.test(groupId) || groupId === '.' || groupId === '..') {
    throw new SluiceError(
      'INVALID_GROUP_ID',
      `group id ${JSON.stringify(groupId)} must be 1 to 249 characters of ASCII letters, digits, '.', '_' and '-'`,
      { groupId },
    );
  }
}

export function validateMemberId(memberId: string): void {
  if (!MEMBER_ID.test(memberId)) {
    throw new SluiceError('INVALID_REQUEST', `member id ${JSON.stringify(memberId)} must be 1 to 64 characters of ASCII letters, digits, '_' and '-'`);
  }
}
