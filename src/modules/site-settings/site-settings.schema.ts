import { type Static, Type } from 'typebox';
import { LANGUAGES } from '../../contract/languages.js';
import { SOCIAL_SERVICES, type SocialService } from '../../contract/social.js';

const Lang = Type.Enum(LANGUAGES);
// Null first: with type coercion on, a string branch first would turn null into ''.
const Colour = Type.Union([Type.Null(), Type.String({ maxLength: 7, description: '#rrggbb' })]);
const Label = (min: number) => Type.String({ minLength: min, maxLength: 60 });

export const FooterLink = Type.Object(
  {
    label: Type.Object(
      {
        ja: Label(1),
        en: Type.Optional(Label(0)),
        'zh-Hans': Type.Optional(Label(0)),
        'zh-Hant': Type.Optional(Label(0)),
        ko: Type.Optional(Label(0)),
        th: Type.Optional(Label(0)),
      },
      { additionalProperties: false },
    ),
    url: Type.String({ maxLength: 2000, description: 'https:// only' }),
  },
  { additionalProperties: false },
);

/** A text in the site languages, Japanese optional (an empty one is dropped when saved). */
const Texts = (max: number) =>
  Type.Object(
    {
      ja: Type.Optional(Type.String({ maxLength: max })),
      en: Type.Optional(Type.String({ maxLength: max })),
      'zh-Hans': Type.Optional(Type.String({ maxLength: max })),
      'zh-Hant': Type.Optional(Type.String({ maxLength: max })),
      ko: Type.Optional(Type.String({ maxLength: max })),
      th: Type.Optional(Type.String({ maxLength: max })),
    },
    { additionalProperties: false },
  );

export { SOCIAL_SERVICES, type SocialService };

export const SocialAccount = Type.Object(
  {
    service: Type.Enum(SOCIAL_SERVICES),
    url: Type.String({ maxLength: 2000, description: 'https:// only' }),
  },
  { additionalProperties: false },
);

/** The organisation's contact, shown in the site's footer. */
export const SiteContact = Type.Object(
  {
    phone: Type.Optional(Type.String({ maxLength: 30, pattern: '^[0-9+() -]*$' })),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    address: Type.Optional(Texts(200)),
    hours: Type.Optional(Texts(200)),
  },
  { additionalProperties: false },
);
export type SiteContact = Static<typeof SiteContact>;

/** The public site's languages and theme, as the console edits them. */
export const SiteSettingsInput = Type.Object(
  {
    languages: Type.Array(Lang, { minItems: 1, maxItems: 6, uniqueItems: true }),
    defaultLanguage: Lang,
    logoMediaId: Type.Union([Type.Null(), Type.String({ format: 'uuid' })]),
    primaryColor: Colour,
    accentColor: Colour,
    footerLinks: Type.Array(FooterLink, { maxItems: 20 }),
    // The main visual and footer; left out, they stay as they are.
    heroImageIds: Type.Optional(
      Type.Array(Type.String({ format: 'uuid' }), { maxItems: 5, uniqueItems: true }),
    ),
    tagline: Type.Optional(Texts(120)),
    contact: Type.Optional(SiteContact),
    socialAccounts: Type.Optional(Type.Array(SocialAccount, { maxItems: 8 })),
    // Left out, it stays as it is (off for a new organisation).
    showPlannedMaintenance: Type.Optional(
      Type.Boolean({ description: "Show the provider's planned maintenance on every public page" }),
    ),
  },
  { additionalProperties: false },
);
export type SiteSettingsInput = Static<typeof SiteSettingsInput>;

export const SiteSettings = Type.Object({
  ...SiteSettingsInput.properties,
  heroImageIds: Type.Array(Type.String({ format: 'uuid' })),
  tagline: Texts(120),
  contact: SiteContact,
  socialAccounts: Type.Array(SocialAccount),
  showPlannedMaintenance: Type.Boolean(),
  updatedAt: Type.String(),
});
export type SiteSettings = Static<typeof SiteSettings>;
