import { Type } from 'typebox';
import { NOTICE_CATEGORIES } from './notices.js';
import { Nullable } from './nullable.js';

// The notice as organisations read it, as a schema: the notices API and the dashboard's card
// answer with it. Here rather than in the notices module so the dashboard's schema (which the
// console type-checks against) does not pull the notices module's server code along.
const Text = Type.Object({ ja: Type.String(), en: Type.String() });

export const OrganisationNotice = Type.Object({
  id: Type.String(),
  category: Type.Enum(NOTICE_CATEGORIES),
  title: Text,
  body: Text,
  window: Nullable(Type.Object({ start: Type.String(), end: Type.String() })),
  publishedAt: Type.String(),
  acknowledgedAt: Nullable(Type.String()),
  needsAcknowledgement: Type.Boolean(),
  incidentId: Nullable(Type.String()),
});
