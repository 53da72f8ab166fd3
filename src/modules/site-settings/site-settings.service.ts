import type { Language } from '../../contract/languages.js';
import type { TenantContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import { AppError, Errors, type FieldProblem, found } from '../../platform/errors.js';
import { ownImageIds } from '../media/index.js';
import { formatRatio, HEX_COLOUR, THEME_RULES, themeContrast } from './lib/contrast.js';
import { findSiteSettings, updateSiteSettingsRow } from './site-settings.repo.js';
import type { SiteContact, SiteSettings, SiteSettingsInput } from './site-settings.schema.js';

/** The settings as the console shows them: needs the site right. */
export async function getSiteSettings(ctx: TenantContext): Promise<SiteSettings> {
  ctx.require('site:view');
  return publicSiteSettings(ctx);
}

/**
 * The settings the public site is rendered with (languages, logo, colours, footer links): public
 * by nature, so no right is needed — every visitor sees them on every page.
 */
export async function publicSiteSettings(ctx: TenantContext): Promise<SiteSettings> {
  const row = found(await findSiteSettings(ctx.tx, ctx.scope.org));
  return {
    languages: row.languages as Language[],
    defaultLanguage: row.default_language as Language,
    logoMediaId: row.logo_media_id,
    primaryColor: row.primary_color,
    accentColor: row.accent_color,
    footerLinks: row.footer_links as SiteSettings['footerLinks'],
    heroImageIds: row.hero_media_ids,
    tagline: row.tagline,
    contact: row.contact as SiteSettings['contact'],
    socialAccounts: row.social_accounts as SiteSettings['socialAccounts'],
    showPlannedMaintenance: row.show_planned_maintenance,
    updatedAt: row.updated_at.toISOString(),
  };
}

const COLOUR_NAMES = {
  primary: { ja: 'メインカラー', en: 'primary colour' },
  accent: { ja: 'アクセントカラー', en: 'accent colour' },
};

/** A theme colour, lower-cased; refused when malformed (400) or below WCAG AA contrast (422). */
function checkColour(kind: 'primary' | 'accent', value: string | null): string | null {
  if (value === null) return null;
  const field = `${kind}Color`;
  if (!HEX_COLOUR.test(value)) {
    throw Errors.invalidField(field, {
      ja: '色は #rrggbb の形式（例: #0b5394）で指定してください。',
      en: 'Give the colour as #rrggbb (for example #0b5394).',
    });
  }
  const colour = value.toLowerCase();
  const { ratio, ok } = themeContrast(kind, colour);
  if (!ok) {
    const rule = THEME_RULES[kind];
    const needed = `${rule.minimum}:1`;
    const name = COLOUR_NAMES[kind];
    throw new AppError(
      422,
      'contrast_too_low',
      kind === 'primary'
        ? {
            ja: `${name.ja} ${colour} は白い文字や明るい背景とのコントラスト比が最低 ${formatRatio(ratio)} で、JIS X 8341-3 AA に必要な ${needed} 以上に足りません。もっと濃い色を選んでください。`,
            en: `The ${name.en} ${colour} has a contrast ratio as low as ${formatRatio(ratio)} with white text and the light backgrounds; JIS X 8341-3 AA (WCAG 2.1 AA) needs at least ${needed}. Choose a darker colour.`,
          }
        : {
            ja: `${name.ja} ${colour} は白い背景とのコントラスト比が ${formatRatio(ratio)} で、フォーカス表示に必要な ${needed} 以上に足りません。もっと濃い色を選んでください。`,
            en: `The ${name.en} ${colour} has a contrast ratio of ${formatRatio(ratio)} with the white background; focus indicators need at least ${needed}. Choose a darker colour.`,
          },
      { field, details: { ratio: Math.floor(ratio * 100) / 100, minimum: rule.minimum } },
    );
  }
  return colour;
}

/** Links on the public site go to https pages only, without credentials in them. */
function httpsProblem(field: string, value: string): FieldProblem[] {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (url && url.protocol === 'https:' && url.hostname && !url.username && !url.password) return [];
  return [
    {
      field,
      message: {
        ja: 'リンク先は https:// で始まる正しい URL にしてください。',
        en: 'The link must be a valid URL starting with https://.',
      },
    },
  ];
}

function footerLinkProblems(links: SiteSettingsInput['footerLinks']): FieldProblem[] {
  const problems: FieldProblem[] = [];
  links.forEach((link, i) => {
    problems.push(...httpsProblem(`footerLinks.${i}.url`, link.url));
    if (!link.label.ja.trim()) {
      problems.push({
        field: `footerLinks.${i}.label.ja`,
        message: { ja: '日本語の表示名を入力してください。', en: 'Enter the label in Japanese.' },
      });
    }
  });
  return problems;
}

/** Texts per language without the empty ones (a missing language falls back to Japanese). */
const filledTexts = (texts: Record<string, string | undefined>) =>
  Object.fromEntries(
    Object.entries(texts).flatMap(([lang, text]) => (text?.trim() ? [[lang, text.trim()]] : [])),
  );

function filledContact(contact: SiteContact): SiteContact {
  const out: SiteContact = {};
  if (contact.phone?.trim()) out.phone = contact.phone.trim();
  if (contact.email?.trim()) out.email = contact.email.trim();
  const address = contact.address ? filledTexts(contact.address) : {};
  if (Object.keys(address).length) out.address = address;
  const hours = contact.hours ? filledTexts(contact.hours) : {};
  if (Object.keys(hours).length) out.hours = hours;
  return out;
}

export async function updateSiteSettings(
  ctx: TenantContext,
  input: SiteSettingsInput,
): Promise<SiteSettings> {
  ctx.require('site:edit');
  const org = ctx.scope.org;
  const problems: FieldProblem[] = [];
  if (!input.languages.includes('ja')) {
    problems.push({
      field: 'languages',
      message: { ja: '日本語は必ず公開します。', en: 'Japanese is always published.' },
    });
  }
  if (!input.languages.includes(input.defaultLanguage)) {
    problems.push({
      field: 'defaultLanguage',
      message: {
        ja: '既定の言語は公開する言語から選んでください。',
        en: 'The default language must be one of the published languages.',
      },
    });
  }
  problems.push(...footerLinkProblems(input.footerLinks));
  (input.socialAccounts ?? []).forEach((account, i) => {
    problems.push(...httpsProblem(`socialAccounts.${i}.url`, account.url));
  });
  const email = input.contact?.email?.trim();
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    problems.push({
      field: 'contact.email',
      message: { ja: 'メールアドレスの形式が正しくありません。', en: 'Enter a valid e-mail address.' },
    });
  }
  if (problems.length) throw Errors.validation(problems);
  const primary = checkColour('primary', input.primaryColor);
  const accent = checkColour('accent', input.accentColor);
  // Only the organisation's own images may be shown (another organisation's id is refused).
  const allOwnImages = async (ids: string[]) =>
    ids.length === 0 || (await ownImageIds(ctx.tx, org, ids)).size === new Set(ids).size;
  if (input.logoMediaId && !(await allOwnImages([input.logoMediaId]))) {
    throw Errors.invalidField('logoMediaId', {
      ja: 'ロゴにはメディアライブラリの画像を選んでください。',
      en: 'Choose an image from the media library for the logo.',
    });
  }
  if (input.heroImageIds && !(await allOwnImages(input.heroImageIds))) {
    throw Errors.invalidField('heroImageIds', {
      ja: 'メインビジュアルにはメディアライブラリの画像を選んでください。',
      en: 'Choose images from the media library for the main visual.',
    });
  }
  const before = await publicSiteSettings(ctx);
  const footerLinks = input.footerLinks.map((link) => ({
    label: Object.fromEntries(Object.entries(link.label).filter(([, v]) => v?.trim())),
    url: new URL(link.url).toString(),
  }));
  await updateSiteSettingsRow(ctx.tx, org, {
    languages: input.languages,
    defaultLanguage: input.defaultLanguage,
    logoMediaId: input.logoMediaId,
    primaryColor: primary,
    accentColor: accent,
    footerLinks,
    // The main visual and footer facts are optional in the request: an older console keeps them.
    heroMediaIds: input.heroImageIds,
    tagline: input.tagline ? filledTexts(input.tagline) : undefined,
    contact: input.contact ? filledContact(input.contact) : undefined,
    socialAccounts: input.socialAccounts?.map((a) => ({
      service: a.service,
      url: new URL(a.url).toString(),
    })),
    showPlannedMaintenance: input.showPlannedMaintenance,
  });
  const after = await publicSiteSettings(ctx);
  const { updatedAt: _b, ...was } = before;
  const { updatedAt: _a, ...now } = after;
  await audit(ctx, {
    action: 'site.settings_changed',
    target: { type: 'site_settings', id: org },
    details: { before: was, after: now },
  });
  return after;
}
