import {
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
  useState,
} from 'react';
import { useT } from '../i18n';

/**
 * Keeps what the user is typing in a text field whose value is stored in another form (a number,
 * a list): the text follows the value when the value changes from elsewhere (a map click, a
 * reload), but is not rewritten while it still means the same value (so "35." stays "35.").
 */
export function useTextBuffer<T>(
  value: T,
  format: (value: T) => string,
  means: (text: string, value: T) => boolean,
): [string, (text: string) => void] {
  const [text, setText] = useState(() => format(value));
  // Compared by content: a new but equal array (tags) is not a change, NaN equals NaN.
  const key = typeof value === 'number' ? String(value) : String(JSON.stringify(value));
  const [seen, setSeen] = useState(key);
  if (seen !== key) {
    setSeen(key);
    if (!means(text, value)) setText(format(value));
  }
  return [text, setText];
}

interface FrameProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  optional?: boolean | undefined;
  required?: boolean | undefined;
  /** Ids of other elements that describe the control (e.g. password rules), read after the hint. */
  describedBy?: string | undefined;
  /** Renders the control, given the ids that describe it. */
  children: (described: string | undefined) => ReactNode;
}

/** Label, hint and error around one control, tied together for assistive technology. */
export function FieldFrame({
  id,
  label,
  hint,
  error,
  optional,
  required,
  describedBy,
  children,
}: FrameProps) {
  const t = useT();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const described = [hintId, describedBy, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required && <span className="required-mark">{t('content.required')}</span>}
        {optional && <span className="optional">{t('common.optional')}</span>}
      </label>
      {hint && (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      {children(described)}
    </div>
  );
}

type TextAreaProps = Omit<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  'id' | 'aria-invalid' | 'aria-describedby'
>;

export function TextAreaField({
  id: givenId,
  label,
  hint,
  error,
  optional,
  ...textarea
}: TextAreaProps & {
  id?: string | undefined;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  optional?: boolean;
}) {
  const generated = useId();
  const id = givenId ?? generated;
  return (
    <FieldFrame
      id={id}
      label={label}
      hint={hint}
      error={error}
      optional={optional}
      required={textarea.required}
    >
      {(described) => (
        <textarea
          rows={4}
          {...textarea}
          id={id}
          className="input textarea"
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
        />
      )}
    </FieldFrame>
  );
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'aria-invalid' | 'aria-describedby'>;

export function SelectField({
  id: givenId,
  label,
  hint,
  error,
  optional,
  children,
  className,
  ...select
}: SelectProps & {
  id?: string | undefined;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  optional?: boolean;
}) {
  const generated = useId();
  const id = givenId ?? generated;
  return (
    <FieldFrame
      id={id}
      label={label}
      hint={hint}
      error={error}
      optional={optional}
      required={select.required}
    >
      {(described) => (
        <select
          {...select}
          id={id}
          className={className ?? 'input input-select'}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
        >
          {children}
        </select>
      )}
    </FieldFrame>
  );
}

/** A group of checkboxes (fieldset + legend), e.g. the days of the week or facilities. */
export function CheckboxGroup<V extends string>({
  id: givenId,
  legend,
  hint,
  error,
  options,
  value,
  onChange,
  className,
}: {
  id?: string | undefined;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  options: readonly { value: V; label: string }[];
  value: readonly V[];
  onChange: (next: V[]) => void;
  className?: string;
}) {
  const generated = useId();
  const id = givenId ?? generated;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <fieldset
      id={id}
      className={className ?? 'fieldset checkbox-group'}
      aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
      // Focus target of the error summary: the group itself.
      tabIndex={-1}
    >
      <legend>{legend}</legend>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      <div className="checkbox-options">
        {options.map((option) => (
          <div key={option.value} className="checkbox-row">
            <input
              type="checkbox"
              id={`${id}-${option.value}`}
              checked={value.includes(option.value)}
              aria-invalid={error ? true : undefined}
              onChange={(event) => {
                const others = value.filter((v) => v !== option.value);
                // Keep the options' order, whatever order they were ticked in.
                const next = event.target.checked ? [...others, option.value] : others;
                onChange(options.map((o) => o.value).filter((v) => next.includes(v)));
              }}
            />
            <label htmlFor={`${id}-${option.value}`}>{option.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
