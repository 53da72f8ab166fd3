import { useT } from '../i18n';

export const MAIN_ID = 'main';

/** First focusable element of every page: jumps past header and navigation. */
export function SkipLink() {
  const t = useT();
  return (
    <a
      className="skip-link"
      href={`#${MAIN_ID}`}
      onClick={(event) => {
        // Move focus ourselves so the router does not see a hash change.
        event.preventDefault();
        const main = document.getElementById(MAIN_ID);
        main?.focus();
        main?.scrollIntoView();
      }}
    >
      {t('app.skipToMain')}
    </a>
  );
}
