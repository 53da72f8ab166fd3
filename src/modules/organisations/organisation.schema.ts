import { type Static, Type } from 'typebox';
import { OrganisationNames } from '../../contract/organisations.js';
import { AccountName } from '../users/index.js';

export const ServiceCode = Type.String({
  pattern: '^[a-z][a-z0-9-]{2,31}$',
  description:
    'Service code (サービスコード): 3–32 characters, a–z, 0–9 and -, starting with a letter. Immutable.',
  examples: ['demo', 'kyoto-city'],
});

const IsoDate = Type.String({ format: 'date' });

export const ProvisionOrganisationInput = Type.Object(
  {
    serviceCode: ServiceCode,
    nameJa: Type.String({ minLength: 1, maxLength: 200 }),
    nameEn: Type.String({ minLength: 1, maxLength: 200 }),
    lgCode: Type.Optional(
      Type.String({ pattern: '^[0-9]{6}$', description: '全国地方公共団体コード (6 digits)' }),
    ),
    dataRegion: Type.Optional(Type.String({ pattern: '^[a-z]{2}$', default: 'jp' })),
    contractStart: Type.Optional(IsoDate),
    contractEnd: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);
export type ProvisionOrganisationInput = Static<typeof ProvisionOrganisationInput>;

export const Organisation = Type.Object({
  ...OrganisationNames,
  lgCode: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([
    Type.Literal('active'),
    Type.Literal('suspended'),
    Type.Literal('terminated'),
    Type.Literal('purged'),
  ]),
  dataRegion: Type.String(),
  contractStart: Type.Union([Type.String(), Type.Null()]),
  contractEnd: Type.Union([Type.String(), Type.Null()]),
  siteDomain: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type Organisation = Static<typeof Organisation>;

/** The operator console's request: the organisation and its first admin, who is invited by mail. */
export const ProvisionWithAdminInput = Type.Object(
  {
    ...ProvisionOrganisationInput.properties,
    admin: Type.Object(
      {
        // The users' routes' rule (stored trimmed: white space alone is refused by field).
        name: AccountName,
        email: Type.String({ format: 'email', maxLength: 254 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type ProvisionWithAdminInput = Static<typeof ProvisionWithAdminInput>;

/** The organisation's own domain for its public site; null removes it. */
export const SiteDomainInput = Type.Object(
  {
    siteDomain: Type.Union([Type.String({ maxLength: 253 }), Type.Null()], {
      description: 'Host name such as kanko.example.jp (lower-cased; IDN stored as punycode), or null',
    }),
  },
  { additionalProperties: false },
);
export type SiteDomainInput = Static<typeof SiteDomainInput>;
