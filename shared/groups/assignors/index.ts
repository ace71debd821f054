import type { AssignorName } from '../configs.ts';
import { rangeAssignor } from './range.ts';
import type { Assignor } from './types.ts';
import { uniformAssignor } from './uniform.ts';

export type { Assignor, AssignorInput, AssignorMember } from './types.ts';

/** The server-side assignors by the name the group config `assignor` takes. */
export const ASSIGNOR_IMPLEMENTATIONS: Record<AssignorName, Assignor> = {
  uniform: uniformAssignor,
  range: rangeAssignor,
};
