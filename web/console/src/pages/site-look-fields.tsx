import { SOCIAL_NAMES, SOCIAL_SERVICES, type SocialService } from '../../../../src/contract/social';
import { Button } from '../components/button';
import { CheckboxGroup, SelectField } from '../components/fields';
import { TextField } from '../components/text-field';
import { CONTENT_LANG_KEYS } from '../content/labels';
import type { Language } from '../content/model';
import { useT } from '../i18n';
import type { MediaItem } from '../media';
import '../i18n-site';

type Texts = Partial<Record<Language, string>>;

/** The main visual and the footer's contact of the public site, as the console edits them. */
export interface SiteLook {
  heroImageIds: string[];
  tagline: Texts;
  contact: { phone?: string; email?: string; address?: Texts; hours?: Texts };
  socialAccounts: { service: SocialService; url: string }[];
}

const MAX_HERO = 5;

/**
 * The sections of the site settings form for the home page's main visual (photos and tagline per
 * language) and the footer (contact, address, hours, social accounts).
 */
export function SiteLookFields({
  value,
  onChange,
  languages,
  images,
  message,
}: {
  value: SiteLook;
  onChange: (next: SiteLook) => void;
  languages: Language[];
  images: MediaItem[] | 'unavailable' | undefined;
  message: (field: string) => string | undefined;
}) {
  const t = useT();
  const set = (change: Partial<SiteLook>) => onChange({ ...value, ...change });
  const setContact = (change: Partial<SiteLook['contact']>) =>
    set({ contact: { ...value.contact, ...change } });
  /** The phone or email of the contact section (one text, not per language). */
  const contactField = (key: 'phone' | 'email', type: 'tel' | 'email', max: number) => (
    <TextField
      id={`contact.${key}`}
      label={t(`site.contact.${key}`)}
      optional
      type={type}
      className="input"
      maxLength={max}
      value={value.contact[key] ?? ''}
      error={message(`contact.${key}`)}
      onChange={(e) => setContact({ [key]: e.target.value })}
    />
  );
  const imageName = (m: MediaItem) => (m.alt.ja ? `${m.alt.ja}（${m.originalName}）` : m.originalName);
  const perLanguage = (
    key: string,
    texts: Texts | undefined,
    label: string,
    max: number,
    update: (next: Texts) => void,
  ) =>
    languages.map((l) => (
      <TextField
        key={`${key}-${l}`}
        id={`${key}-${l}`}
        label={t('site.look.inLanguage', { field: label, lang: t(CONTENT_LANG_KEYS[l]) })}
        optional
        className="input"
        lang={l}
        maxLength={max}
        value={texts?.[l] ?? ''}
        error={message(`${key}.${l}`)}
        onChange={(e) => update({ ...texts, [l]: e.target.value })}
      />
    ));
  return (
    <>
      <section aria-labelledby="site-hero-title" className="section">
        <h2 id="site-hero-title">{t('site.hero.title')}</h2>
        {images === 'unavailable' ? (
          <p className="field-hint">{t('site.logo.unavailable')}</p>
        ) : (
          <CheckboxGroup
            id="heroImageIds"
            legend={t('site.hero.images')}
            hint={t('site.hero.hint', { n: MAX_HERO })}
            error={message('heroImageIds')}
            options={(images ?? []).map((m) => ({ value: m.id, label: imageName(m) }))}
            value={value.heroImageIds}
            // Kept in the order they were ticked: the first is shown first.
            onChange={(next) =>
              set({
                heroImageIds: [
                  ...value.heroImageIds.filter((id) => next.includes(id)),
                  ...next.filter((id) => !value.heroImageIds.includes(id)),
                ].slice(0, MAX_HERO),
              })
            }
          />
        )}
        {perLanguage('tagline', value.tagline, t('site.hero.tagline'), 120, (tagline) => set({ tagline }))}
      </section>
      <section aria-labelledby="site-contact-title" className="section">
        <h2 id="site-contact-title">{t('site.contact.title')}</h2>
        <p className="field-hint">{t('site.contact.hint')}</p>
        {contactField('phone', 'tel', 30)}
        {contactField('email', 'email', 254)}
        {perLanguage('contact.address', value.contact.address, t('site.contact.address'), 200, (address) =>
          setContact({ address }),
        )}
        {perLanguage('contact.hours', value.contact.hours, t('site.contact.hours'), 200, (hours) =>
          setContact({ hours }),
        )}
      </section>
      <section aria-labelledby="site-social-title" className="section">
        <h2 id="site-social-title">{t('site.social.title')}</h2>
        <p className="field-hint">{t('site.social.hint')}</p>
        {value.socialAccounts.map((account, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their position
          <fieldset key={i} className="fieldset">
            <legend>{t('site.social.account', { n: i + 1 })}</legend>
            <SelectField
              id={`socialAccounts.${i}.service`}
              label={t('site.social.service')}
              value={account.service}
              onChange={(e) =>
                set({
                  socialAccounts: value.socialAccounts.map((a, j) =>
                    j === i ? { ...a, service: e.target.value as SocialService } : a,
                  ),
                })
              }
            >
              {SOCIAL_SERVICES.map((s) => (
                <option key={s} value={s}>
                  {SOCIAL_NAMES[s]}
                </option>
              ))}
            </SelectField>
            <TextField
              id={`socialAccounts.${i}.url`}
              label={t('site.social.url')}
              type="url"
              className="input"
              value={account.url}
              error={message(`socialAccounts.${i}.url`)}
              onChange={(e) =>
                set({
                  socialAccounts: value.socialAccounts.map((a, j) =>
                    j === i ? { ...a, url: e.target.value } : a,
                  ),
                })
              }
            />
            <Button
              look="secondary"
              onClick={() => set({ socialAccounts: value.socialAccounts.filter((_, j) => j !== i) })}
            >
              {t('site.social.remove', { n: i + 1 })}
            </Button>
          </fieldset>
        ))}
        {value.socialAccounts.length < 8 && (
          <Button
            look="secondary"
            onClick={() =>
              set({ socialAccounts: [...value.socialAccounts, { service: 'instagram', url: 'https://' }] })
            }
          >
            {t('site.social.add')}
          </Button>
        )}
      </section>
    </>
  );
}

/** Only the texts that were filled in, trimmed. */
const filled = (texts: Texts | undefined): Texts =>
  Object.fromEntries(Object.entries(texts ?? {}).flatMap(([l, v]) => (v?.trim() ? [[l, v.trim()]] : [])));

/** The look as the API takes it: empty texts dropped. */
export function siteLookBody(look: SiteLook): SiteLook {
  const contact: SiteLook['contact'] = {};
  if (look.contact.phone?.trim()) contact.phone = look.contact.phone.trim();
  if (look.contact.email?.trim()) contact.email = look.contact.email.trim();
  if (Object.keys(filled(look.contact.address)).length) contact.address = filled(look.contact.address);
  if (Object.keys(filled(look.contact.hours)).length) contact.hours = filled(look.contact.hours);
  return {
    heroImageIds: look.heroImageIds,
    tagline: filled(look.tagline),
    contact,
    socialAccounts: look.socialAccounts.map((a) => ({ service: a.service, url: a.url.trim() })),
  };
}
