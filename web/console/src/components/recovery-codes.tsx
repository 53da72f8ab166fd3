import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { formatJst } from '../format';
import { useT } from '../i18n';
import { Button } from './button';
import { ErrorAlert } from './error-alert';
import { CheckboxField } from './text-field';

/**
 * Freshly issued recovery codes: shown once, with copy and print. When `onContinue` is given,
 * the user must confirm "I have saved them" before going on.
 */
export function RecoveryCodes({
  codes,
  account,
  onContinue,
  headingLevel = 2,
}: {
  codes: readonly string[];
  /** Level of this block's heading in the page outline; the list title is one below. */
  headingLevel?: 2 | 3 | 4;
  /** Printed above the codes so the sheet says whose they are. */
  account?: string | undefined;
  onContinue?: () => void;
}) {
  const t = useT();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const Heading = `h${headingLevel}` as 'h2' | 'h3' | 'h4';
  const ListHeading = `h${headingLevel + 1}` as 'h3' | 'h4' | 'h5';
  const [issuedAt] = useState(() => formatJst(new Date().toISOString()) ?? '');
  const [copyStatus, setCopyStatus] = useState<'copied' | 'failed' | undefined>();
  const [saved, setSaved] = useState(false);
  const [savedError, setSavedError] = useState(false);

  // The codes replace the form the user was in: take focus to their heading.
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      setCopyStatus('copied');
    } catch {
      setCopyStatus('failed');
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!saved) {
      setSavedError(true);
      document.getElementById(`${id}-saved`)?.querySelector('input')?.focus();
      return;
    }
    onContinue?.();
  }

  return (
    <section className="recovery" aria-labelledby={`${id}-title`}>
      <Heading id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {t('recovery.title')}
      </Heading>
      <p>{t('recovery.intro')}</p>
      <p className="notice">
        <strong>{t('recovery.once')}</strong>
      </p>
      <div className="recovery-sheet print-area">
        <p className="print-only">
          <strong>{t('recovery.printHeading')}</strong>
        </p>
        {account && <p className="print-only">{t('recovery.printAccount', { account })}</p>}
        <p className="print-only">{t('recovery.printIssued', { date: issuedAt })}</p>
        <ListHeading id={`${id}-list`} className="recovery-list-title">
          {t('recovery.listLabel', { count: codes.length })}
        </ListHeading>
        <ol className="recovery-codes" aria-labelledby={`${id}-list`}>
          {codes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ol>
      </div>
      <div className="actions no-print">
        <Button look="secondary" onClick={copy}>
          {t('recovery.copy')}
        </Button>
        <Button look="secondary" onClick={() => window.print()}>
          {t('recovery.print')}
        </Button>
      </div>
      <div role="status" className="copy-status no-print">
        {copyStatus === 'copied' && <p className="copy-text">{t('recovery.copied')}</p>}
        {copyStatus === 'failed' && <p className="field-error copy-text">{t('recovery.copyFailed')}</p>}
      </div>
      {onContinue && (
        <form onSubmit={submit} noValidate className="no-print">
          <ErrorAlert messages={savedError ? [t('recovery.savedRequired')] : undefined} />
          <div id={`${id}-saved`}>
            <CheckboxField
              label={t('recovery.saved')}
              checked={saved}
              onChange={(e) => {
                setSaved(e.target.checked);
                if (e.target.checked) setSavedError(false);
              }}
              error={savedError ? t('recovery.savedRequired') : undefined}
            />
          </div>
          <div className="actions">
            <Button type="submit">{t('recovery.continue')}</Button>
          </div>
        </form>
      )}
    </section>
  );
}
