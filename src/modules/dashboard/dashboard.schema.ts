import { type Static, Type } from 'typebox';
import { OrganisationNotice } from '../../contract/notice-schema.js';
import { Nullable } from '../../contract/nullable.js';
import { CONTENT_KINDS, STATUSES } from '../content/index.js';

const Instant = Type.String({ format: 'date-time' });

export const DashboardItem = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.Enum(CONTENT_KINDS),
  status: Type.Enum(STATUSES),
  /** The item's name (title) in every language it has. */
  name: Type.Record(Type.String(), Type.String()),
  updatedAt: Instant,
  publishAt: Nullable(Instant),
  unpublishAt: Nullable(Instant),
  endsAt: Nullable(Instant),
});
export type DashboardItem = Static<typeof DashboardItem>;

export const DashboardList = Type.Object({
  /** How many match; `items` holds the first few. */
  total: Type.Integer(),
  items: Type.Array(DashboardItem),
});
export type DashboardList = Static<typeof DashboardList>;

/** Every section is absent when the signed-in person lacks the right it needs. */
export const Dashboard = Type.Object({
  awaitingApproval: Type.Optional(DashboardList),
  myDrafts: Type.Optional(DashboardList),
  scheduled: Type.Optional(DashboardList),
  missingTranslations: Type.Optional(
    Type.Intersect([DashboardList, Type.Object({ languages: Type.Array(Type.String()) })]),
  ),
  missingAltText: Type.Optional(DashboardList),
  expiredEvents: Type.Optional(DashboardList),
  recentChanges: Type.Optional(
    Type.Array(
      Type.Object({
        at: Instant,
        action: Type.String(),
        actorName: Nullable(Type.String()),
        kind: Type.Enum(CONTENT_KINDS),
        id: Type.String(),
      }),
    ),
  ),
  visitors: Type.Optional(
    Type.Object({
      from: Type.String({ format: 'date' }),
      to: Type.String({ format: 'date' }),
      totals: Type.Object({ views: Type.Integer(), visitors: Type.Integer() }),
      days: Type.Array(Type.Object({ day: Type.String(), views: Type.Integer(), visitors: Type.Integer() })),
    }),
  ),
  storage: Type.Optional(Type.Object({ used: Type.Integer(), quota: Type.Integer() })),
  /** The provider's notices: how many wait for my acknowledgement, and the latest few. */
  notices: Type.Optional(
    Type.Object({ unacknowledged: Type.Integer(), latest: Type.Array(OrganisationNotice) }),
  ),
});
export type Dashboard = Static<typeof Dashboard>;
