import { type Static, Type } from 'typebox';
import { Localized } from '../content/index.js';

export const CHECK_IN_METHODS = ['qr', 'qr_location', 'location', 'staff_code'] as const;
export const CAMPAIGN_STATUSES = ['draft', 'published', 'ended', 'archived'] as const;

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const OptionalLocalized = (max: number) => Type.Optional(Localized(max, 0));

export const CampaignTexts = Type.Object(
  {
    name: Localized(120),
    description: OptionalLocalized(4000),
    rules: OptionalLocalized(4000),
  },
  { additionalProperties: false },
);

export const CampaignInput = Type.Object(
  {
    slug: Type.String({
      minLength: 2,
      maxLength: 40,
      description: 'a-z, 0-9 and -: the address on the site',
    }),
    texts: CampaignTexts,
    startsAt: DateTime,
    endsAt: DateTime,
    retentionDays: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 3650,
        description: 'days after the end until applicants are deleted',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CampaignInput = Static<typeof CampaignInput>;

export const CampaignUpdate = Type.Intersect([
  CampaignInput,
  Type.Object({ version: Type.Integer({ minimum: 1, maximum: 2_000_000_000 }) }),
]);
export type CampaignUpdate = Static<typeof CampaignUpdate>;

export const CheckpointInput = Type.Object(
  {
    spotId: Type.Optional(Type.Union([Type.Null(), Uuid])),
    name: Type.Optional(Localized(120)),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    method: Type.Union(CHECK_IN_METHODS.map((m) => Type.Literal(m))),
    radiusM: Type.Optional(Type.Integer({ minimum: 10, maximum: 5000 })),
  },
  { additionalProperties: false },
);
export type CheckpointInput = Static<typeof CheckpointInput>;

export const Checkpoint = Type.Object({
  id: Uuid,
  position: Type.Integer(),
  spotId: Type.Union([Type.Null(), Uuid]),
  name: Type.Record(Type.String(), Type.String()),
  lat: Type.Number(),
  lng: Type.Number(),
  method: Type.String(),
  radiusM: Type.Integer(),
});
export type Checkpoint = Static<typeof Checkpoint>;

export const Campaign = Type.Object({
  id: Uuid,
  slug: Type.String(),
  status: Type.String(),
  version: Type.Integer(),
  texts: Type.Record(Type.String(), Type.Record(Type.String(), Type.String())),
  startsAt: DateTime,
  endsAt: DateTime,
  retentionDays: Type.Integer(),
  keyVersion: Type.Integer(),
  publishedAt: Type.Union([Type.Null(), DateTime]),
  updatedAt: DateTime,
});
export type Campaign = Static<typeof Campaign>;

export const CampaignDetail = Type.Intersect([
  Campaign,
  Type.Object({ checkpoints: Type.Array(Checkpoint) }),
]);
export type CampaignDetail = Static<typeof CampaignDetail>;

export const Transition = Type.Object(
  { to: Type.Union([Type.Literal('published'), Type.Literal('ended'), Type.Literal('archived')]) },
  { additionalProperties: false },
);

export const CheckInInput = Type.Object(
  {
    checkpointId: Type.String({ maxLength: 64 }),
    token: Type.Optional(Type.String({ maxLength: 64 })),
    staffCode: Type.Optional(Type.String({ maxLength: 16 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    accuracy: Type.Optional(
      Type.Number({ minimum: 0, maximum: 100_000, description: 'metres, as the phone reports' }),
    ),
  },
  { additionalProperties: false },
);
export type CheckInInput = Static<typeof CheckInInput>;

export const VoidStampInput = Type.Object(
  {
    participantId: Uuid,
    checkpointId: Uuid,
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type VoidStampInput = Static<typeof VoidStampInput>;

export const CampaignStatistics = Type.Object({
  participants: Type.Integer(),
  stamps: Type.Integer(),
  checkpoints: Type.Array(Type.Object({ id: Uuid, name: Type.String(), stamps: Type.Integer() })),
  funnel: Type.Array(Type.Object({ stamps: Type.Integer(), participants: Type.Integer() })),
  perDay: Type.Array(Type.Object({ day: Type.String(), stamps: Type.Integer() })),
  flagged: Type.Array(
    Type.Object({
      id: Uuid,
      joinedAt: DateTime,
      flaggedAt: DateTime,
      reason: Type.Union([Type.Null(), Type.String()]),
      stamps: Type.Integer(),
    }),
  ),
});
export type CampaignStatistics = Static<typeof CampaignStatistics>;
