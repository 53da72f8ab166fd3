import { CONTENT_LANG_KEYS } from '../../content/labels';
import type { LanguageState } from '../../content/languages';
import { LANGUAGES, type Language } from '../../content/model';
import { type MessageKey, useT } from '../../i18n';
import { TabList } from '../tabs';
import '../../i18n-content';

function markerKey(lang: Language, state: LanguageState, hasError: boolean): MessageKey | undefined {
  if (hasError) return 'content.edit.langError';
  if (lang === 'ja') return state === 'complete' ? undefined : 'content.edit.langRequired';
  if (state === 'missing') return 'content.edit.langMissing';
  if (state === 'partial') return 'content.edit.langPartial';
  return undefined;
}

/**
 * 日本語 / English / 简体中文 / 繁體中文 / 한국어 / ไทย: each tab names its language in that
 * language and carries a marker when texts are missing (日本語: required) or have problems.
 */
export function LanguageTabs({
  idPrefix,
  selected,
  onSelect,
  states,
  errorLangs,
}: {
  idPrefix: string;
  selected: Language;
  onSelect: (lang: Language) => void;
  states: Record<Language, LanguageState>;
  errorLangs: ReadonlySet<Language>;
}) {
  const t = useT();
  const tabs = LANGUAGES.map((lang) => {
    const marker = markerKey(lang, states[lang], errorLangs.has(lang));
    return {
      id: lang,
      label: (
        <>
          <span lang={lang}>{t(CONTENT_LANG_KEYS[lang])}</span>
          {marker && (
            <span
              className={errorLangs.has(lang) || lang === 'ja' ? 'tab-marker tab-marker-alert' : 'tab-marker'}
            >
              {t(marker)}
            </span>
          )}
        </>
      ),
    };
  });
  return (
    <TabList
      idPrefix={idPrefix}
      label={t('content.edit.langTabs')}
      tabs={tabs}
      selected={selected}
      onSelect={onSelect}
    />
  );
}
