import type { ReactNode } from 'react';
import { fieldId } from '../../content/field-paths';
import { CONTENT_LANG_KEYS } from '../../content/labels';
import type { Language, LocalizedText } from '../../content/model';
import { useT } from '../../i18n';
import { FieldFrame } from '../fields';
import { useContentForm } from './form-context';
import '../../i18n-content';

const REFERENCE_LENGTH = 120;

/** The Japanese text shown under a translation input, shortened. */
function reference(text: string): string {
  const chars = [...text.trim()];
  return chars.length > REFERENCE_LENGTH ? `${chars.slice(0, REFERENCE_LENGTH).join('')}…` : chars.join('');
}

/**
 * One text in the language of the open tab (`{ ja, en?, … }` in the data). Under a translation,
 * the Japanese text is shown for reference. Japanese may be required; other languages never are.
 */
export function LocalizedField({
  path,
  label,
  value,
  onChange,
  lines,
  required = false,
  hint,
  maxLength,
}: {
  path: string;
  label: string;
  value: LocalizedText | undefined;
  onChange: (next: LocalizedText) => void;
  /** A text of several lines, in a box this many lines high; one line when not given. */
  lines?: number;
  /** Japanese is required (the title, an article's body). */
  required?: boolean;
  hint?: ReactNode;
  maxLength?: number;
}) {
  const t = useT();
  const { lang, error, readOnly } = useContentForm();
  const multiline = lines !== undefined;
  const id = fieldId(`${path}.${lang}`);
  const text = value?.[lang] ?? '';
  // A problem about the whole text (e.g. "required") belongs to the Japanese input.
  const message = error(`${path}.${lang}`) ?? (lang === 'ja' ? error(path) : undefined);
  const japanese = lang !== 'ja' ? (value?.ja ?? '').trim() : '';
  const fullHint =
    hint || japanese ? (
      <>
        {hint && <span className="hint-line">{hint}</span>}
        {japanese && (
          <span className="hint-line reference">
            {t('content.edit.japaneseReference')} <span lang="ja">{reference(japanese)}</span>
          </span>
        )}
      </>
    ) : undefined;

  function change(next: string) {
    onChange({ ...(value ?? { ja: '' }), [lang]: next } as LocalizedText);
  }

  const langName = t(CONTENT_LANG_KEYS[lang as Language]);
  // 「（English）」 / " (English)": the brackets come from the catalogue, the name keeps its own language.
  const langLabel = t('content.edit.langLabel').split('{lang}');
  return (
    <FieldFrame
      id={id}
      label={
        <>
          {label}
          <span className="lang-tag">
            {langLabel[0]}
            <span lang={lang}>{langName}</span>
            {langLabel[1]}
          </span>
        </>
      }
      hint={fullHint}
      error={message}
      required={required && lang === 'ja'}
    >
      {(control) => {
        const attributes = {
          ...control,
          className: multiline ? 'input textarea' : 'input',
          lang,
          value: text,
          maxLength,
          readOnly,
          'aria-required': required && lang === 'ja' ? true : undefined,
        };
        return multiline ? (
          <textarea {...attributes} rows={lines} onChange={(event) => change(event.target.value)} />
        ) : (
          <input {...attributes} type="text" onChange={(event) => change(event.target.value)} />
        );
      }}
    </FieldFrame>
  );
}
