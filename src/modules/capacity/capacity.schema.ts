import { type Static, Type } from 'typebox';
import { OrganisationNames } from '../../contract/organisations.js';

/** The largest quota an operator may set: 100 TB (a typo of a few digits is refused). */
export const MAX_QUOTA_BYTES = 100 * 1024 ** 4;

const Count = Type.Integer({ minimum: 0 });

export const UsageDay = Type.Object({
  day: Type.String({ description: 'JST date' }),
  pageViews: Count,
  apiRequests: Count,
});
export type UsageDay = Static<typeof UsageDay>;

/** One organisation's capacity figures (A.12.1.3): operators' view and the admins' own. */
export const OrganisationUsage = Type.Object({
  ...OrganisationNames,
  status: Type.String(),
  storage: Type.Object({
    quotaBytes: Count,
    /** Originals and derivatives together: what counts against the quota. */
    usedBytes: Count,
    originalBytes: Count,
    derivativeBytes: Count,
  }),
  mediaFiles: Count,
  users: Count,
  items: Type.Object({ spot: Count, event: Count, course: Count, article: Count }),
  /** The last days, oldest first (JST), with public page views and API requests. */
  days: Type.Array(UsageDay),
});
export type OrganisationUsage = Static<typeof OrganisationUsage>;

export const QuotaInput = Type.Object(
  {
    storageQuotaBytes: Type.Integer({
      minimum: 0,
      maximum: MAX_QUOTA_BYTES,
      description: 'The storage quota in bytes (originals and derivatives), at most 100 TB',
    }),
    reason: Type.Optional(Type.String({ maxLength: 500, description: 'Why (kept in the audit log)' })),
  },
  { additionalProperties: false },
);
export type QuotaInput = Static<typeof QuotaInput>;
