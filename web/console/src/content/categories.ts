/**
 * Category names in the console: the standard names come from the shared contract
 * (`src/contract/categories.ts`, the same the public site shows), the organisation's own from
 * `GET /api/v1/categories/{kind}`. No React.
 */
import {
  CATEGORY_KINDS,
  type CategoryKind,
  categoryLabel,
  standardCategories,
} from '../../../../src/contract/categories';
import { api } from '../api';
import type { Lang } from '../i18n';
import { type ContentKind, KIND_PATH, type LocalizedText } from './model';

export {
  CATEGORY_KINDS,
  type CategoryKind,
  STANDARD_CATEGORY_NAMES,
} from '../../../../src/contract/categories';

export interface OwnCategory {
  code: string;
  names: LocalizedText;
  standard: string | null;
  position: number;
  usedBy: number;
}

export interface CategoryList {
  standard: { code: string; names: LocalizedText; usedBy: number }[];
  own: OwnCategory[];
}

export function hasCategories(kind: ContentKind): kind is CategoryKind {
  return (CATEGORY_KINDS as readonly string[]).includes(kind);
}

const path = (kind: CategoryKind) => `/categories/${KIND_PATH[kind]}`;

export const fetchCategories = (kind: CategoryKind): Promise<CategoryList> => api.get(path(kind));
export const createCategory = (
  kind: CategoryKind,
  input: { code: string; names: LocalizedText; standard: string | null },
): Promise<OwnCategory> => api.post(path(kind), input);
export const updateCategory = (
  kind: CategoryKind,
  code: string,
  input: { names: LocalizedText; standard: string | null },
): Promise<OwnCategory> => api.put(`${path(kind)}/${encodeURIComponent(code)}`, input);
export const orderCategories = (kind: CategoryKind, codes: string[]): Promise<CategoryList> =>
  api.put(path(kind), { codes });
export const deleteCategory = (kind: CategoryKind, code: string): Promise<void> =>
  api.delete(`${path(kind)}/${encodeURIComponent(code)}`);

/** The choices of a category select: the organisation's own categories first, then the standard ones. */
export function categoryChoices(
  kind: ContentKind,
  own: readonly OwnCategory[],
  lang: Lang,
): { value: string; label: string }[] {
  if (!hasCategories(kind)) return [];
  return [
    ...own.map((c) => ({ value: c.code, label: categoryLabel(c.code, lang, c.names) })),
    ...standardCategories(kind).map((code) => ({ value: code, label: categoryLabel(code, lang) })),
  ];
}

/** A category's name in the console language: own name, standard name, else the code as stored. */
export function categoryName(code: string, own: readonly OwnCategory[], lang: Lang): string {
  return categoryLabel(code, lang, own.find((c) => c.code === code)?.names);
}

/** Moves one code up or down in the order; unchanged at either end. */
export function moved(codes: readonly string[], code: string, by: -1 | 1): string[] {
  const from = codes.indexOf(code);
  const to = from + by;
  if (from < 0 || to < 0 || to >= codes.length) return [...codes];
  const next = [...codes];
  [next[from], next[to]] = [next[to]!, next[from]!];
  return next;
}
