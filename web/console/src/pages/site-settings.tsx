import { type FormEvent, useId, useState } from 'react';
import {
  formatRatio,
  HEX_COLOUR,
  THEME_RULES,
  themeContrast,
} from '../../../../src/modules/site-settings/lib/contrast';
import { api, asApiError } from '../api';
import { NoAccess } from '../components/admin-only';
import { Button } from '../components/button';
import { CheckboxGroup, SelectField } from '../components/fields';
import { FormAlert } from '../components/form-alert';
import { LoadView } from '../components/load-state';
import { PageHeading } from '../components/page-heading';
import { StatusMessage } from '../components/status-message';
import { SubmitButton } from '../components/submit-button';
import { CheckboxField, TextField } from '../components/text-field';
import { CONTENT_LANG_KEYS } from '../content/labels';
import { LANGUAGES, type Language } from '../content/model';
import { type FieldIssues, fieldMessage } from '../form';
import { useApiErrorHandler, useFormSubmit, useLoad } from '../hooks';
import { useLang, useT } from '../i18n';
import { fetchMedia, type MediaItem } from '../media';
import { allows, moduleLevel } from '../rights';
import { useSession } from '../session';
import { type SiteLook, SiteLookFields, siteLookBody } from './site-look-fields';
import '../i18n-site';

interface FooterLink {
  label: Partial<Record<Language, string>>;
  url: string;
}

export interface SiteSettings extends SiteLook {
  languages: Language[];
  defaultLanguage: Language;
  logoMediaId: string | null;
  primaryColor: string | null;
  accentColor: string | null;
  footerLinks: FooterLink[];
  showPlannedMaintenance: boolean;
}

const DEFAULTS = { primary: '#0b5394', accent: '#b45309' } as const;

/** /site: 公開サイトの設定 — languages, logo, theme colours with a live contrast readout, footer links. */
export function SiteSettingsPage() {
  const t = useT();
  const { user } = useSession();
  const level = moduleLevel(user, 'site');
  const canView = allows(level, 'view');
  const load = useLoad(
    () => (canView ? api.get<SiteSettings>('/site/settings') : Promise.resolve(undefined)),
    [canView],
  );

  if (!canView) {
    return <NoAccess title={t('module.site.title')} />;
  }
  return (
    <>
      <PageHeading title={t('module.site.title')} />
      <p>{t('site.intro')}</p>
      <p className="field-hint">
        {t('common.auditNote')} {t('site.manualHint')}
      </p>
      {!allows(level, 'edit') && <p className="notice">{t('site.viewOnly')}</p>}
      <LoadView load={load} failedMessage={t('site.loadFailed')}>
        {(settings) => settings && <SiteSettingsForm initial={settings} canEdit={allows(level, 'edit')} />}
      </LoadView>
    </>
  );
}

type Field =
  | 'languages'
  | 'defaultLanguage'
  | 'logoMediaId'
  | 'primaryColor'
  | 'accentColor'
  | 'footerLinks'
  | 'heroImageIds'
  | 'contact.email'
  | 'socialAccounts';
const ORDER: Field[] = [
  'languages',
  'defaultLanguage',
  'logoMediaId',
  'primaryColor',
  'accentColor',
  'footerLinks',
  'heroImageIds',
  'contact.email',
  'socialAccounts',
];

function SiteSettingsForm({ initial, canEdit }: { initial: SiteSettings; canEdit: boolean }) {
  const t = useT();
  const { lang } = useLang();
  const { organisation } = useSession();
  const handleError = useApiErrorHandler();
  const id = useId();
  const [languages, setLanguages] = useState<Language[]>(initial.languages);
  const [defaultLanguage, setDefaultLanguage] = useState<Language>(initial.defaultLanguage);
  const [logo, setLogo] = useState(initial.logoMediaId ?? '');
  const [primary, setPrimary] = useState(initial.primaryColor ?? '');
  const [accent, setAccent] = useState(initial.accentColor ?? '');
  const [links, setLinks] = useState<FooterLink[]>(initial.footerLinks);
  const [showMaintenance, setShowMaintenance] = useState(initial.showPlannedMaintenance ?? false);
  const [look, setLook] = useState<SiteLook>({
    heroImageIds: initial.heroImageIds ?? [],
    tagline: initial.tagline ?? {},
    contact: initial.contact ?? {},
    socialAccounts: initial.socialAccounts ?? [],
  });
  const [saved, setSaved] = useState(false);
  const { busy, problem, formRef, submit: send } = useFormSubmit<Field>(handleError);

  // The images to choose from; without them the fields take an id (no redirect on a failure here).
  const media = useLoad(fetchMedia, [], asApiError).state;
  const images: MediaItem[] | 'unavailable' | undefined =
    media.kind === 'ready'
      ? media.value.items.filter((m) => m.kind === 'image')
      : media.kind === 'failed'
        ? 'unavailable'
        : undefined;

  const message = (field: string) => fieldMessage(problem, field as Field, t, lang);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!canEdit) return;
    setSaved(false);
    const fields: FieldIssues<Field> = {};
    if (!languages.includes('ja')) fields.languages = { key: 'site.languages.jaRequired' };
    if (!languages.includes(defaultLanguage)) fields.defaultLanguage = { key: 'site.default.invalid' };
    if (primary && !HEX_COLOUR.test(primary)) fields.primaryColor = { key: 'site.colour.invalid' };
    if (accent && !HEX_COLOUR.test(accent)) fields.accentColor = { key: 'site.colour.invalid' };
    if (links.some((l) => !/^https:\/\/[^\s/]+/.test(l.url.trim())))
      fields.footerLinks = { key: 'site.footer.urlInvalid' };
    else if (links.some((l) => !l.label.ja?.trim()))
      fields.footerLinks = { key: 'site.footer.labelRequired' };
    if (look.socialAccounts.some((a) => !/^https:\/\/[^\s/]+/.test(a.url.trim())))
      fields.socialAccounts = { key: 'site.footer.urlInvalid' };
    send(fields, async () => {
      const next = await api.put<SiteSettings>('/site/settings', {
        languages: LANGUAGES.filter((l) => languages.includes(l)),
        defaultLanguage,
        logoMediaId: logo || null,
        primaryColor: primary || null,
        accentColor: accent || null,
        footerLinks: links.map((l) => ({
          label: Object.fromEntries(Object.entries(l.label).filter(([, v]) => v?.trim())),
          url: l.url.trim(),
        })),
        ...siteLookBody(look),
        showPlannedMaintenance: showMaintenance,
      });
      setPrimary(next.primaryColor ?? '');
      setAccent(next.accentColor ?? '');
      setLinks(next.footerLinks);
      setShowMaintenance(next.showPlannedMaintenance);
      setLook({
        heroImageIds: next.heroImageIds,
        tagline: next.tagline,
        contact: next.contact,
        socialAccounts: next.socialAccounts,
      });
      setSaved(true);
    });
  }

  const updateLink = (index: number, change: Partial<FooterLink>) =>
    setLinks((all) =>
      all.map((l, i) => (i === index ? { ...l, ...change, label: { ...l.label, ...change.label } } : l)),
    );

  return (
    <>
      <StatusMessage message={saved ? t('site.saved') : undefined} />
      <FormAlert problem={problem} order={ORDER} />
      <p>
        <a href={`/s/${organisation.serviceCode}/`} target="_blank" rel="noopener">
          {t('site.preview')}
        </a>
      </p>
      <form ref={formRef} onSubmit={submit} noValidate className="form-narrow">
        <section aria-labelledby={`${id}-lang`} className="section">
          <h2 id={`${id}-lang`}>{t('site.languages.title')}</h2>
          <CheckboxGroup
            id="languages"
            legend={t('site.languages.legend')}
            hint={t('site.languages.hint')}
            error={message('languages')}
            options={LANGUAGES.map((l) => ({ value: l, label: t(CONTENT_LANG_KEYS[l]) }))}
            value={languages}
            onChange={setLanguages}
          />
          <SelectField
            id="defaultLanguage"
            label={t('site.default.label')}
            hint={t('site.default.hint')}
            error={message('defaultLanguage')}
            value={defaultLanguage}
            onChange={(e) => setDefaultLanguage(e.target.value as Language)}
            options={LANGUAGES.filter((l) => languages.includes(l)).map((l) => ({
              value: l,
              label: t(CONTENT_LANG_KEYS[l]),
            }))}
          />
        </section>
        <section aria-labelledby={`${id}-theme`} className="section">
          <h2 id={`${id}-theme`}>{t('site.theme.title')}</h2>
          {images === 'unavailable' ? (
            <p className="field-hint">{t('site.logo.unavailable')}</p>
          ) : (
            <SelectField
              id="logoMediaId"
              label={t('site.logo.label')}
              hint={t('site.logo.hint')}
              error={message('logoMediaId')}
              value={logo}
              onChange={(e) => setLogo(e.target.value)}
            >
              <option value="">{t('site.logo.none')}</option>
              {(images ?? []).map((m) => (
                <option key={m.id} value={m.id}>
                  {m.alt.ja ? `${m.alt.ja}（${m.originalName}）` : m.originalName}
                </option>
              ))}
              {logo && images && !images.some((m) => m.id === logo) && <option value={logo}>{logo}</option>}
            </SelectField>
          )}
          <ColourField kind="primary" value={primary} error={message('primaryColor')} onChange={setPrimary} />
          <ColourField kind="accent" value={accent} error={message('accentColor')} onChange={setAccent} />
        </section>
        <section aria-labelledby={`${id}-footer`} className="section">
          <h2 id={`${id}-footer`}>{t('site.footer.title')}</h2>
          <p className="field-hint">{t('site.footer.hint')}</p>
          {message('footerLinks') && (
            <p id="footerLinks" className="field-error" tabIndex={-1}>
              {message('footerLinks')}
            </p>
          )}
          {links.map((link, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their position
            <fieldset key={i} className="fieldset">
              <legend>{t('site.footer.link', { n: i + 1 })}</legend>
              <TextField
                label={t('site.footer.url')}
                type="url"
                className="input"
                value={link.url}
                error={message(`footerLinks.${i}.url`)}
                onChange={(e) => updateLink(i, { url: e.target.value })}
              />
              {LANGUAGES.filter((l) => languages.includes(l)).map((l) => (
                <TextField
                  key={l}
                  label={t('site.footer.labelIn', { lang: t(CONTENT_LANG_KEYS[l]) })}
                  optional={l !== 'ja'}
                  className="input"
                  lang={l}
                  maxLength={60}
                  value={link.label[l] ?? ''}
                  error={message(`footerLinks.${i}.label.${l}`)}
                  onChange={(e) => updateLink(i, { label: { [l]: e.target.value } })}
                />
              ))}
              <Button look="secondary" onClick={() => setLinks((all) => all.filter((_, j) => j !== i))}>
                {t('site.footer.remove', { n: i + 1 })}
              </Button>
            </fieldset>
          ))}
          {links.length < 20 && (
            <Button
              look="secondary"
              onClick={() => setLinks((all) => [...all, { label: { ja: '' }, url: 'https://' }])}
            >
              {t('site.footer.add')}
            </Button>
          )}
        </section>
        <SiteLookFields
          value={look}
          onChange={setLook}
          languages={LANGUAGES.filter((l) => languages.includes(l))}
          images={images}
          message={message}
        />
        {message('socialAccounts') && (
          <p id="socialAccounts" className="field-error" tabIndex={-1}>
            {message('socialAccounts')}
          </p>
        )}
        <section aria-labelledby={`${id}-maintenance`} className="section">
          <h2 id={`${id}-maintenance`}>{t('site.maintenance.title')}</h2>
          <CheckboxField
            id="showPlannedMaintenance"
            label={t('site.maintenance.label')}
            hint={t('site.maintenance.hint')}
            checked={showMaintenance}
            onChange={(e) => setShowMaintenance(e.target.checked)}
          />
        </section>
        {canEdit && (
          <div className="actions">
            <SubmitButton busy={busy} label={t('site.save')} busyLabel={t('site.saving')} />
          </div>
        )}
      </form>
    </>
  );
}

/** A colour as text and as a palette, with the contrast it has where the site uses it. */
function ColourField({
  kind,
  value,
  error,
  onChange,
}: {
  kind: 'primary' | 'accent';
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const t = useT();
  // The id is the setting's name, where the error summary sends focus (primaryColor, accentColor).
  const id = `${kind}Color`;
  const label = t(`site.${kind}.label`);
  const effective = HEX_COLOUR.test(value) ? value.toLowerCase() : value ? null : DEFAULTS[kind];
  const contrast = effective ? themeContrast(kind, effective) : null;
  const minimum = `${THEME_RULES[kind].minimum}:1`;
  const readoutId = `${id}-contrast`;
  return (
    <div className="colour-field">
      <TextField
        id={id}
        label={label}
        hint={t(`site.${kind}.hint`)}
        error={error}
        optional
        className="input input-colour"
        placeholder={DEFAULTS[kind]}
        maxLength={7}
        spellCheck={false}
        value={value}
        describedBy={readoutId}
        onChange={(e) => onChange(e.target.value.trim())}
      />
      <div className="colour-tools">
        <input
          type="color"
          aria-label={t('site.colour.picker', { name: label })}
          value={effective ?? DEFAULTS[kind]}
          onChange={(e) => onChange(e.target.value)}
        />
        {value && (
          <Button look="secondary" onClick={() => onChange('')}>
            {t('site.colour.default')}
          </Button>
        )}
      </div>
      <p id={readoutId} className={contrast?.ok === false ? 'field-error' : 'field-hint'} aria-live="polite">
        {contrast &&
          t(contrast.ok ? 'site.contrast.ok' : 'site.contrast.low', {
            ratio: formatRatio(contrast.ratio),
            minimum,
          })}
      </p>
      {effective && (
        <p
          aria-hidden="true"
          style={
            kind === 'primary'
              ? { background: effective, color: '#ffffff', padding: '0.5rem 0.75rem', borderRadius: 6 }
              : {
                  borderLeft: `5px solid ${effective}`,
                  padding: '0.25rem 0.75rem',
                  outline: `3px solid ${effective}`,
                }
          }
        >
          {t('site.contrast.sample')}
        </p>
      )}
    </div>
  );
}
