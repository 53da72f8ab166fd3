import type { InputHTMLAttributes, ReactNode } from 'react';
import { fieldId } from '../../content/field-paths';
import type { ContentKind } from '../../content/model';
import { parseNumber, parseTags } from '../../content/prepare';
import { useCategories } from '../../content/use-categories';
import { useT } from '../../i18n';
import { normaliseTime } from '../../jst';
import { SelectField, useTextBuffer } from '../fields';
import { TextField } from '../text-field';
import { useContentForm } from './form-context';
import '../../i18n-content';

type InputProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'value' | 'onChange' | 'aria-invalid' | 'aria-describedby'
>;

interface DataFieldProps {
  /** Path of the value in the item's data: input id and problems follow it. */
  path: string;
  label: string;
  hint?: ReactNode;
  optional?: boolean;
}

/** What ties a field of the data to its path: the input's id, its labelling, and the problem reported there. */
function useDataLabelling<P extends DataFieldProps>(props: P) {
  const { error } = useContentForm();
  const { path, label, hint, optional, ...control } = props;
  return [{ id: fieldId(path), label, hint, optional, error: error(path) }, control] as const;
}

/** A plain text value of the data (not translated): kana, phone, URL, … '' is kept as typed. */
export function DataTextField({
  value,
  onChange,
  ...props
}: DataFieldProps & InputProps & { value: string | undefined; onChange: (next: string) => void }) {
  const [labelling, input] = useDataLabelling(props);
  return (
    <TextField
      {...input}
      {...labelling}
      type={input.type ?? 'text'}
      value={value ?? ''}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

/** A date (`YYYY-MM-DD`, Japan) with the browser's date input. */
export function DataDateField(
  props: DataFieldProps & { value: string | undefined; onChange: (next: string) => void },
) {
  return <DataTextField {...props} type="date" className="input input-date" />;
}

/**
 * A number of the data (latitude, yen, minutes). It keeps the text as typed; the value is
 * undefined when empty and NaN when the text is not a number.
 */
export function DataNumberField({
  value,
  onChange,
  integer = false,
  className,
  ...props
}: DataFieldProps &
  InputProps & {
    value: number | undefined;
    onChange: (next: number | undefined) => void;
    integer?: boolean;
  }) {
  const [labelling, input] = useDataLabelling(props);
  const [text, setText] = useTextBuffer(
    value,
    (v) => (v === undefined || Number.isNaN(v) ? '' : String(v)),
    (typed, v) => Object.is(parseNumber(typed, integer), v),
  );
  return (
    <TextField
      {...input}
      {...labelling}
      type="text"
      inputMode={integer ? 'numeric' : 'decimal'}
      className={className ?? 'input input-number'}
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        onChange(parseNumber(event.target.value, integer));
      }}
    />
  );
}

/**
 * A time `HH:MM` (24-hour, Japan). Typing is free; leaving the field tidies what can be read
 * (`9:00` → `09:00`), and the save check reports the rest.
 */
export function DataTimeField({
  path,
  label,
  hint,
  optional,
  value,
  onChange,
}: DataFieldProps & { value: string | null | undefined; onChange: (next: string) => void }) {
  const t = useT();
  const [labelling] = useDataLabelling({ path, label, hint: hint ?? t('content.time.hint'), optional });
  return (
    <TextField
      {...labelling}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      className="input input-time"
      value={value ?? ''}
      onChange={(event) => onChange(event.target.value)}
      onBlur={(event) => {
        const tidy = normaliseTime(event.target.value);
        if (tidy && tidy !== event.target.value) onChange(tidy);
      }}
    />
  );
}

/** Tags typed as one line, separated by 「、」 or commas. */
export function TagsField({
  value,
  onChange,
  path = 'tags',
}: {
  value: string[] | undefined;
  onChange: (next: string[]) => void;
  path?: string;
}) {
  const t = useT();
  const [labelling] = useDataLabelling({
    path,
    label: t('field.tags'),
    hint: t('content.hint.tags'),
    optional: true,
  });
  const [text, setText] = useTextBuffer(
    value ?? [],
    (tags) => tags.join(t('content.separator')),
    (typed, tags) => parseTags(typed).join('\u0000') === tags.join('\u0000'),
  );
  return (
    <TextField
      {...labelling}
      type="text"
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        onChange(parseTags(event.target.value));
      }}
    />
  );
}

/** The category: the standard list for the kind, plus the current code if it is not in it. */
export function CategoryField({
  kind,
  value,
  onChange,
}: {
  kind: ContentKind;
  value: string | undefined;
  onChange: (next: string) => void;
}) {
  const t = useT();
  const { error } = useContentForm();
  const { choices } = useCategories(kind);
  const current = value ?? '';
  const unknown = current !== '' && !choices.some((c) => c.value === current);
  return (
    <SelectField
      id={fieldId('category')}
      label={t('field.category')}
      error={error('category')}
      required
      aria-required
      value={current}
      onChange={(event) => onChange(event.target.value)}
      empty={t('content.category.choose')}
      options={choices}
    >
      {unknown && <option value={current}>{t('content.category.current', { code: current })}</option>}
    </SelectField>
  );
}
