import { useCallback, useEffect, useState } from 'react';
import { useLang } from '../i18n';
import {
  type CategoryKind,
  categoryChoices,
  categoryName,
  fetchCategories,
  hasCategories,
  type OwnCategory,
} from './categories';
import type { ContentKind } from './model';

// One request per kind and page load; the categories page forgets it after a change.
const cache = new Map<CategoryKind, Promise<OwnCategory[]>>();

export function forgetCategories(kind: CategoryKind): void {
  cache.delete(kind);
}

function ownCategories(kind: CategoryKind): Promise<OwnCategory[]> {
  let pending = cache.get(kind);
  if (!pending) {
    // Without them (no right, offline) the standard categories still work: never a failed form.
    pending = fetchCategories(kind).then(
      (list) => list.own,
      () => {
        cache.delete(kind);
        return [];
      },
    );
    cache.set(kind, pending);
  }
  return pending;
}

/** The kind's categories for selects and labels, in the console language. */
export function useCategories(kind: ContentKind) {
  const { lang } = useLang();
  const [own, setOwn] = useState<OwnCategory[]>([]);
  useEffect(() => {
    if (!hasCategories(kind)) return;
    let cancelled = false;
    void ownCategories(kind).then((list) => {
      if (!cancelled) setOwn(list);
    });
    return () => {
      cancelled = true;
    };
  }, [kind]);
  const name = useCallback((code: string) => categoryName(code, own, lang), [own, lang]);
  return { own, choices: categoryChoices(kind, own, lang), name };
}
