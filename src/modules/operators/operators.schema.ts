import { type Static, Type } from 'typebox';
import { Nullable } from '../../contract/nullable.js';

const Uuid = Type.String({ format: 'uuid' });

/** Rights are checked against the one list (OPS_PERMISSIONS) by the operation, naming the unknown one. */
const RightsList = Type.Array(Type.String({ maxLength: 64 }), { maxItems: 32, uniqueItems: true });

export const OperatorId = Type.Object({ id: Uuid });
export type OperatorId = Static<typeof OperatorId>;

export const Operator = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  status: Type.Enum(['invited', 'active', 'suspended']),
  rights: Type.Array(Type.String()),
  totpEnabled: Type.Boolean(),
  lastSignInAt: Nullable(Type.String()),
  createdAt: Type.String(),
  invitedBy: Nullable(Type.String()),
});
export type Operator = Static<typeof Operator>;

export const ResetRequest = Type.Object({
  id: Type.String(),
  operatorId: Type.String(),
  operatorName: Type.String(),
  kind: Type.Enum(['password', 'totp']),
  reason: Type.String(),
  requestedBy: Type.String(),
  requestedByName: Type.String(),
  requestedAt: Type.String(),
  expiresAt: Type.String(),
  /** 'expired': pending past its expiry (nothing can approve it any more). */
  status: Type.Enum(['pending', 'approved', 'refused', 'cancelled', 'expired']),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
});
export type ResetRequest = Static<typeof ResetRequest>;

export const OperatorOverview = Type.Object({
  operators: Type.Array(Operator),
  /** Every right an operator may be given (the one list on the server). */
  availableRights: Type.Array(Type.String()),
  resetRequests: Type.Array(ResetRequest),
});

export const InviteOperatorInput = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    rights: RightsList,
  },
  { additionalProperties: false },
);
export type InviteOperatorInput = Static<typeof InviteOperatorInput>;

export const RightsInput = Type.Object({ rights: RightsList }, { additionalProperties: false });

export const ResetRequestInput = Type.Object(
  {
    kind: Type.Enum(['password', 'totp']),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type ResetRequestInput = Static<typeof ResetRequestInput>;
