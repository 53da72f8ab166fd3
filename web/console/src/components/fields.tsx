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

/** What every field shows around its control. */
export interface FieldLabelling {
  /** The control's id (so an error summary can link to it); generated when not given. */
  id?: string | undefined;
  label: ReactNode;
  /** Help text shown above the control and read with it. */
  hint?: ReactNode;
  /** Error message; marks the control invalid and is read with it. */
  error?: string | undefined;
  optional?: boolean | undefined;
  /** Ids of other elements that describe the control (e.g. password rules), read after the hint. */
  describedBy?: string | undefined;
}

/** Separates a field's labelling from the attributes of its control. */
export function splitLabelling<P extends FieldLabelling>(
  props: P,
): [FieldLabelling, Omit<P, keyof FieldLabelling>] {
  const { id, label, hint, error, optional, describedBy, ...control } = props;
  return [{ id, label, hint, error, optional, describedBy }, control];
}

/** The attributes that tie a control to its label, hint and error. */
export interface ControlAttributes {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** Hint and error paragraphs of a field, with the ids its control is described by. */
function Described({ id, hint, error }: { id: string; hint?: ReactNode; error?: string | undefined }) {
  return (
    <>
      {hint && (
        <div id={`${id}-hint`} className="field-hint">
          {hint}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </>
  );
}

/** The ids of a field's hint, other describing elements and error, as aria-describedby wants them. */
function describedIds(id: string, { hint, error, describedBy }: Omit<FieldLabelling, 'label'>) {
  return [hint ? `${id}-hint` : undefined, describedBy, error ? `${id}-error` : undefined]
    .filter(Boolean)
    .join(' ');
}

/** Label, hint and error around one control, tied together for assistive technology. */
export function FieldFrame({
  required,
  children,
  ...labelling
}: FieldLabelling & {
  required?: boolean | undefined;
  /** Renders the control, given the attributes that tie it to the label, hint and error. */
  children: (control: ControlAttributes) => ReactNode;
}) {
  const t = useT();
  const generated = useId();
  const id = labelling.id ?? generated;
  return (
    <div className="field">
      <label htmlFor={id}>
        {labelling.label}
        {required && <span className="required-mark">{t('content.required')}</span>}
        {labelling.optional && <span className="optional">{t('common.optional')}</span>}
      </label>
      <Described id={id} hint={labelling.hint} error={labelling.error} />
      {children({
        id,
        'aria-invalid': labelling.error ? true : undefined,
        'aria-describedby': describedIds(id, labelling) || undefined,
      })}
    </div>
  );
}

type TextAreaProps = Omit<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  'id' | 'aria-invalid' | 'aria-describedby'
>;

export function TextAreaField(props: TextAreaProps & FieldLabelling) {
  const [labelling, textarea] = splitLabelling(props);
  return (
    <FieldFrame {...labelling} required={textarea.required}>
      {(control) => <textarea rows={4} {...textarea} {...control} className="input textarea" />}
    </FieldFrame>
  );
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'aria-invalid' | 'aria-describedby'>;

/**
 * A choice among `options`: first `empty` (the choice of none, value ""), then the options, then
 * any `<option>` children (e.g. a value no longer offered but still stored).
 */
export function SelectField(
  props: SelectProps &
    FieldLabelling & {
      empty?: string | undefined;
      options?: readonly { value: string | number; label: string }[] | undefined;
    },
) {
  const [labelling, { empty, options, children, className, ...select }] = splitLabelling(props);
  return (
    <FieldFrame {...labelling} required={select.required}>
      {(control) => (
        <select {...select} {...control} className={className ?? 'input input-select'}>
          {empty !== undefined && <option value="">{empty}</option>}
          {options?.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
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
  return (
    <fieldset
      id={id}
      className={className ?? 'fieldset checkbox-group'}
      aria-describedby={describedIds(id, { hint, error }) || undefined}
      // Focus target of the error summary: the group itself.
      tabIndex={-1}
    >
      <legend>{legend}</legend>
      <Described id={id} hint={hint} error={error} />
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
