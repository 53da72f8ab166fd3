import { type Static, Type } from 'typebox';
import { LANGUAGES } from '../../contract/languages.js';

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

/** The public site's languages and theme, as the console edits them. */
export const SiteSettingsInput = Type.Object(
  {
    languages: Type.Array(Lang, { minItems: 1, maxItems: 6, uniqueItems: true }),
    defaultLanguage: Lang,
    logoMediaId: Type.Union([Type.Null(), Type.String({ format: 'uuid' })]),
    primaryColor: Colour,
    accentColor: Colour,
    footerLinks: Type.Array(FooterLink, { maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type SiteSettingsInput = Static<typeof SiteSettingsInput>;

export const SiteSettings = Type.Object({
  ...SiteSettingsInput.properties,
  updatedAt: Type.String(),
});
export type SiteSettings = Static<typeof SiteSettings>;
