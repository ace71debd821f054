import { SluiceError } from '../api/errors.ts';

/** The group errors, each with the fields a caller acts on. */
export function unknownGroup(groupId: string): SluiceError {
  return new SluiceError('UNKNOWN_GROUP', `consumer group ${JSON.stringify(groupId)} does not exist`, { groupId });
}

export function unknownMember(groupId: string, memberId: string, why: string): SluiceError {
  return new SluiceError('UNKNOWN_MEMBER', `member ${memberId} is not in group ${groupId}: ${why}; rejoin with memberEpoch 0 and a new member id`, {
    groupId,
    memberId,
  });
}

export function fencedMemberEpoch(groupId: string, memberId: string, given: number, current: number): SluiceError {
  return new SluiceError(
    'FENCED_MEMBER_EPOCH',
    `member ${memberId} of group ${groupId} sent epoch ${given}, but its epoch is ${current}; rejoin with memberEpoch 0 and a new member id`,
    { groupId, memberId, memberEpoch: current },
  );
}

export function groupNotEmpty(groupId: string, why: string): SluiceError {
  return new SluiceError('GROUP_NOT_EMPTY', `consumer group ${groupId} is not empty: ${why}`, { groupId });
}

export function groupBusy(groupId: string): SluiceError {
  return new SluiceError('CONCURRENT_UPDATE', `consumer group ${groupId} kept changing concurrently; retry`, { groupId });
}
