import { type InputHTMLAttributes, type ReactNode, type Ref, useId } from 'react';
import { FieldFrame } from './fields';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'aria-invalid' | 'aria-describedby'>;

/** The id of the input: the given one (so an error summary can link to it), else a generated one. */
function useFieldId(given: string | undefined): string {
  const generated = useId();
  return given ?? generated;
}

export interface TextFieldProps extends InputProps {
  label: string;
  /** Help text shown above the input and read with it. */
  hint?: ReactNode;
  /** Error message; marks the input invalid and is read with it. */
  error?: string | undefined;
  optional?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  /** Ids of other elements that describe the input (e.g. password rules). */
  describedBy?: string | undefined;
  /** The input's id; generated when not given. */
  id?: string | undefined;
}

/** Label, hint, error and input, tied together for assistive technology. */
export function TextField({
  label,
  hint,
  error,
  optional,
  inputRef,
  describedBy,
  className,
  id: givenId,
  ...input
}: TextFieldProps) {
  const id = useFieldId(givenId);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional} describedBy={describedBy}>
      {(described) => (
        <input
          {...input}
          id={id}
          ref={inputRef}
          className={className ?? 'input'}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
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
  const id = useFieldId(givenId);
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
