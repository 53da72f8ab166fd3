import { type ReactNode, useId } from 'react';

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

/** `onChange` for one field of an object: `set('name', value)`. */
export function fieldSetter<T extends object>(value: T, onChange: (next: T) => void) {
  return <K extends keyof T>(key: K, next: T[K]) => onChange({ ...value, [key]: next });
}
