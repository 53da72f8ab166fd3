import { Type } from 'typebox';

/** The action filter of both readers of the audit events: the audit log and the operators' work log. */
export const ActionFilter = Type.Optional(
  Type.String({
    maxLength: 100,
    pattern: '^[a-z0-9_.]+$',
    description: 'exact action or a prefix ending in "."',
  }),
);
