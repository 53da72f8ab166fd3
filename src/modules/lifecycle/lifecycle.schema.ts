import { type Static, Type } from 'typebox';
import { Nullable } from '../../contract/nullable.js';
import { OrganisationNames } from '../../contract/organisations.js';

export const OrganisationStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('suspended'),
  Type.Literal('terminated'),
  Type.Literal('purged'),
]);

const Reason = Type.Optional(
  Type.String({ maxLength: 500, description: 'Why (kept in the audit log and the mail to the admins)' }),
);

export const SuspendInput = Type.Object({ reason: Reason }, { additionalProperties: false });
export type SuspendInput = Static<typeof SuspendInput>;

export const TerminateInput = Type.Object(
  {
    reason: Reason,
    exportWindowDays: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 365, description: 'Days the admins may export before the purge' }),
    ),
  },
  { additionalProperties: false },
);
export type TerminateInput = Static<typeof TerminateInput>;

export const PurgeInput = Type.Object(
  {
    confirmation: Type.String({
      maxLength: 64,
      description: "The organisation's service code, typed again to confirm the purge",
    }),
  },
  { additionalProperties: false },
);
export type PurgeInput = Static<typeof PurgeInput>;

/** Where an organisation stands in its contract lifecycle (operators' view and admins' 契約 page). */
export const Lifecycle = Type.Object({
  ...OrganisationNames,
  status: OrganisationStatus,
  statusChangedAt: Nullable(Type.String()),
  statusReason: Nullable(Type.String()),
  contractStart: Nullable(Type.String()),
  contractEnd: Nullable(Type.String()),
  exportWindowDays: Type.Integer({ minimum: 0, maximum: 365 }),
  terminatedAt: Nullable(Type.String()),
  /** The purge happens on or after this instant; until then admins may sign in and export. */
  purgeAfter: Nullable(Type.String()),
  purge: Type.Union([
    Type.Object({
      step: Type.String(),
      startedAt: Type.String(),
      finishedAt: Nullable(Type.String()),
      certificate: Type.Boolean(),
    }),
    Type.Null(),
  ]),
});
export type Lifecycle = Static<typeof Lifecycle>;
