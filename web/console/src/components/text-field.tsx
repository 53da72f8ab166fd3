import { type InputHTMLAttributes, type ReactNode, type Ref, useId } from 'react';
import { FieldFrame, type FieldLabelling, splitLabelling } from './fields';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'aria-invalid' | 'aria-describedby'>;

/**
 * How each kind of text is typed, decided once for every form: the keyboard, and whether the
 * browser may capitalise or correct it. A field's own attributes still win.
 */
const TYPING = {
  email: { type: 'email', autoCapitalize: 'none', spellCheck: false },
  /** Codes and names typed exactly (service codes, domains, recovery codes). */
  verbatim: { type: 'text', autoCapitalize: 'none', spellCheck: false },
  number: { type: 'text', inputMode: 'numeric', className: 'input input-number' },
  date: { type: 'date', className: 'input input-date' },
  dateTime: { type: 'datetime-local', className: 'input input-date' },
} satisfies Record<string, InputProps>;

export interface TextFieldProps extends InputProps, FieldLabelling {
  label: string;
  inputRef?: Ref<HTMLInputElement>;
  /** The kind of text (see TYPING); plain text when not given. */
  typing?: keyof typeof TYPING;
}

/** Label, hint, error and input, tied together for assistive technology. */
export function TextField(props: TextFieldProps) {
  const [labelling, { inputRef, typing, ...input }] = splitLabelling(props);
  const preset: InputProps = typing ? TYPING[typing] : {};
  return (
    <FieldFrame {...labelling}>
      {(control) => (
        <input
          {...preset}
          {...input}
          {...control}
          ref={inputRef}
          className={input.className ?? preset.className ?? 'input'}
        />
      )}
    </FieldFrame>
  );
}

export interface CheckboxFieldProps extends InputProps {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  id?: string | undefined;
}
/** A checkbox with its label after it, and optional hint and error. */
export function CheckboxField({ label, hint, error, id: givenId, ...input }: CheckboxFieldProps) {
  const generated = useId();
  const id = givenId ?? generated;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const described = [hintId, errorId].filter(Boolean).join(' ');
  return (
    <div className="field field-checkbox">
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      <div className="checkbox-row">
        <input
          {...input}
          type="checkbox"
          id={id}
          className="checkbox"
          aria-invalid={error ? true : undefined}
          aria-describedby={described || undefined}
        />
        <label htmlFor={id}>{label}</label>
      </div>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
