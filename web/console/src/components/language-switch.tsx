import { useLang, useT } from '../i18n';

/** Toggles ja ⇄ en. The visible label is written in the language it switches to. */
export function LanguageSwitch() {
  const t = useT();
  const { lang, setLang } = useLang();
  const target = lang === 'ja' ? 'en' : 'ja';
  return (
    <button type="button" className="button button-quiet lang-switch" onClick={() => setLang(target)}>
      <span lang={target}>{t('lang.switch')}</span>
      <span className="visually-hidden" lang={lang}>
        {t('lang.switchHint')}
      </span>
    </button>
  );
}
