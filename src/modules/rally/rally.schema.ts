import { type Static, Type } from 'typebox';
import { CHECK_IN_METHODS, REVISION_ACTIONS } from '../../contract/rally.js';
import { CampaignStatistics } from '../../contract/rally-statistics.js';
import { Localized } from '../content/index.js';

export { CampaignStatistics, CHECK_IN_METHODS };
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

// One object, not an intersection: the input's additionalProperties: false refused `version`.
export const CampaignUpdate = Type.Object(
  { ...CampaignInput.properties, version: Type.Integer({ minimum: 1, maximum: 2_000_000_000 }) },
  { additionalProperties: false },
);
export type CampaignUpdate = Static<typeof CampaignUpdate>;

export const CheckpointInput = Type.Object(
  {
    spotId: Type.Optional(Type.Union([Type.Null(), Uuid])),
    name: Type.Optional(Localized(120)),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    method: Type.Enum(CHECK_IN_METHODS),
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
  prizeTiers: Type.Array(Type.Unknown()),
  survey: Type.Array(Type.Unknown()),
  personalDataDeletedAt: Type.Union([Type.Null(), DateTime]),
});
export type Campaign = Static<typeof Campaign>;

export const CampaignDetail = Type.Intersect([
  Campaign,
  Type.Object({ checkpoints: Type.Array(Checkpoint) }),
]);
export type CampaignDetail = Static<typeof CampaignDetail>;

/** A campaign's editable state as a revision keeps it (its history, issue 16 item 1). */
export const CampaignSnapshot = Type.Object({
  slug: Type.String(),
  status: Type.String(),
  texts: Type.Record(Type.String(), Type.Record(Type.String(), Type.String())),
  startsAt: DateTime,
  endsAt: DateTime,
  retentionDays: Type.Integer(),
  prizeTiers: Type.Array(Type.Unknown()),
  survey: Type.Array(Type.Unknown()),
  checkpoints: Type.Array(Checkpoint),
});
export type CampaignSnapshot = Static<typeof CampaignSnapshot>;

export const CampaignRevision = Type.Object({
  version: Type.Integer(),
  action: Type.Enum(REVISION_ACTIONS),
  /** The version a restore brought back. */
  restoredFrom: Type.Union([Type.Null(), Type.Integer()]),
  actorId: Type.Union([Type.Null(), Type.String()]),
  /** Null when the account no longer exists (or the change was the system's). */
  actorName: Type.Union([Type.Null(), Type.String()]),
  createdAt: DateTime,
});
export type CampaignRevision = Static<typeof CampaignRevision>;

export const CampaignRevisionDetail = Type.Intersect([
  CampaignRevision,
  Type.Object({ snapshot: CampaignSnapshot }),
]);
export type CampaignRevisionDetail = Static<typeof CampaignRevisionDetail>;

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

const ShortId = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$', maxLength: 40 });

export const PrizeTier = Type.Object(
  {
    id: ShortId,
    name: Localized(120),
    /** Stamps needed (any checkpoints); with requiredCheckpointIds, both must hold. */
    minStamps: Type.Optional(Type.Integer({ minimum: 1, maximum: 999 })),
    requiredCheckpointIds: Type.Optional(Type.Array(Uuid, { maxItems: 100, uniqueItems: true })),
    /** Prizes there are; none: unlimited. */
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    award: Type.Union([Type.Literal('lottery'), Type.Literal('first_come')]),
  },
  { additionalProperties: false },
);
export type PrizeTier = Static<typeof PrizeTier>;

export const SURVEY_KINDS = ['single', 'multiple', 'text', 'prefecture', 'age_band'] as const;

export const SurveyQuestion = Type.Object(
  {
    id: ShortId,
    kind: Type.Enum(SURVEY_KINDS),
    label: Localized(200),
    /** single and multiple only: what may be chosen. */
    choices: Type.Optional(
      Type.Array(Type.Object({ id: ShortId, label: Localized(100) }, { additionalProperties: false }), {
        maxItems: 30,
      }),
    ),
    required: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type SurveyQuestion = Static<typeof SurveyQuestion>;

export const PrizesInput = Type.Object(
  {
    version: Type.Integer({ minimum: 1, maximum: 2_000_000_000 }),
    prizeTiers: Type.Array(PrizeTier, { maxItems: 10 }),
    survey: Type.Array(SurveyQuestion, { maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type PrizesInput = Static<typeof PrizesInput>;

export const ApplicationInput = Type.Object(
  {
    tierId: Type.String({ maxLength: 40 }),
    answers: Type.Record(
      Type.String({ maxLength: 40 }),
      Type.Union([
        Type.String({ maxLength: 2000 }),
        Type.Array(Type.String({ maxLength: 40 }), { maxItems: 30 }),
      ]),
    ),
    personal: Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 100 }),
        postalCode: Type.String({ maxLength: 10, description: 'NNN-NNNN' }),
        address: Type.String({ minLength: 1, maxLength: 200 }),
        phone: Type.String({ maxLength: 20 }),
        email: Type.String({ maxLength: 254 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type ApplicationInput = Static<typeof ApplicationInput>;
export type PersonalData = ApplicationInput['personal'];

export const Applicant = Type.Object({
  id: Uuid,
  participantId: Uuid,
  tierId: Type.String(),
  /** pending (mailed link not opened yet), applied (confirmed), won, lost. */
  status: Type.String(),
  appliedAt: DateTime,
  confirmedAt: Type.Union([Type.Null(), DateTime]),
  answers: Type.Record(Type.String(), Type.Unknown()),
  /** Null once deleted after the retention period (or unreadable after crypto-shredding). */
  personal: Type.Union([
    Type.Null(),
    Type.Object({
      name: Type.String(),
      postalCode: Type.String(),
      address: Type.String(),
      phone: Type.String(),
      email: Type.String(),
    }),
  ]),
});
export type Applicant = Static<typeof Applicant>;
