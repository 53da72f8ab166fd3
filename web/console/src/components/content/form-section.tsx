import { type ReactNode, useId } from 'react';
import { type MessageKey, useT } from '../../i18n';
import '../../i18n-content';

/** One titled part of a content form (基本情報, 営業時間, …). */
export function FormSection({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="form-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

/**
 * Ties the fields of an object to a form: `{...bind('name')}` gives a field its path (where its
 * errors are reported and focus goes), its label (`field.<name>` in the catalogue, unless the
 * field names its own), its value and its change. `prefix` places a nested object (`fees.`).
 */
export function useFieldBinder<T extends object>(
  value: T,
  onPatch: (patch: Partial<T>) => void,
  prefix = '',
) {
  const t = useT();
  return <K extends keyof T & string>(key: K) => ({
    path: `${prefix}${key}`,
    label: t(`field.${key}` as MessageKey),
    value: value[key],
    onChange: (next: T[K]) => onPatch({ [key]: next } as unknown as Partial<T>),
  });
}

/** `onChange` for one field of an object: `set('name', value)`. */
export function fieldSetter<T extends object>(value: T, onChange: (next: T) => void) {
  return <K extends keyof T>(key: K, next: T[K]) => onChange({ ...value, [key]: next });
}
