import {
  type CategoryKind,
  isStandardCategory,
  STANDARD_CATEGORY_NAMES,
  standardCategories,
} from '../../../contract/categories.js';
import { KIND_MODULE } from '../../../contract/content.js';
import type { LocalizedText } from '../../../contract/languages.js';
import type { TenantContext } from '../../../platform/access/context.js';
import type { Permission } from '../../../platform/access/permissions.js';
import { audit } from '../../../platform/audit/audit.js';
import { AppError, Errors, found } from '../../../platform/errors.js';
import { itemCountsByCategory } from '../content.repo.js';
import {
  deleteOwnCategory,
  findOwnCategory,
  insertOwnCategory,
  listOwnCategories,
  type OwnCategoryRow,
  setCategoryPositions,
  updateOwnCategory,
} from './categories.repo.js';
import type {
  CategoryList,
  CreateCategoryInput,
  OwnCategory,
  UpdateCategoryInput,
} from './categories.schema.js';

/**
 * Reading categories needs the view right of the kind's module; changing them the publish right,
 * because a category's name shows on the public site at once.
 */
function requireRight(ctx: TenantContext, kind: CategoryKind, level: 'view' | 'publish'): string {
  ctx.require(`${KIND_MODULE[kind]}:${level}` as Permission);
  return ctx.scope.org;
}

function toOwn(row: OwnCategoryRow, usage: Map<string, number>): OwnCategory {
  return {
    code: row.code,
    names: row.names,
    standard: row.standard,
    position: row.position,
    usedBy: usage.get(row.code) ?? 0,
  };
}

/**
 * Empty translations are dropped, so a cleared field falls back to Japanese; a Japanese name of
 * white space alone is refused (stored trimmed, it would be a category without a name).
 */
function cleanNames(names: LocalizedText): LocalizedText {
  const kept = Object.fromEntries(
    Object.entries(names).flatMap(([k, v]) => (v?.trim() ? [[k, v.trim()]] : [])),
  );
  const ja = names.ja.trim();
  if (ja === '')
    throw Errors.invalidField('names.ja', {
      ja: '日本語の名前を入力してください。',
      en: 'Enter the Japanese name.',
    });
  return { ...kept, ja } as LocalizedText;
}

function checkStandard(kind: CategoryKind, standard: string | null | undefined): string | null {
  if (standard === null || standard === undefined) return null;
  if (!(standardCategories(kind) as readonly string[]).includes(standard)) {
    throw Errors.invalidField('standard', {
      ja: '対応付ける標準の分類が、この種類（スポット・イベント）の標準の分類にありません。',
      en: 'The standard category to map to is not a standard category of this kind (spot or event).',
    });
  }
  return standard;
}

/** The standard categories (names in every language) and the organisation's own, in order. */
export async function listCategories(ctx: TenantContext, kind: CategoryKind): Promise<CategoryList> {
  const org = requireRight(ctx, kind, 'view');
  const [own, usage] = await Promise.all([
    listOwnCategories(ctx.tx, org, kind),
    itemCountsByCategory(ctx.tx, org, kind),
  ]);
  return {
    standard: standardCategories(kind).map((code) => ({
      code,
      names: STANDARD_CATEGORY_NAMES[code],
      usedBy: usage.get(code) ?? 0,
    })),
    own: own.map((row) => toOwn(row, usage)),
  };
}

async function requireOwn(
  ctx: TenantContext,
  org: string,
  kind: CategoryKind,
  code: string,
): Promise<OwnCategoryRow> {
  const row = found(await findOwnCategory(ctx.tx, org, kind, code, true));
  return row;
}

export async function createCategory(
  ctx: TenantContext,
  kind: CategoryKind,
  input: CreateCategoryInput,
): Promise<OwnCategory> {
  const org = requireRight(ctx, kind, 'publish');
  if (isStandardCategory(input.code)) {
    throw new AppError(
      409,
      'category_code_reserved',
      {
        ja: `「${input.code}」は標準の分類のコードです。別のコードにしてください。`,
        en: `"${input.code}" is the code of a standard category; choose another code.`,
      },
      { field: 'code' },
    );
  }
  if (await findOwnCategory(ctx.tx, org, kind, input.code)) {
    throw new AppError(
      409,
      'category_exists',
      { ja: 'このコードの分類は既にあります。', en: 'A category with this code already exists.' },
      { field: 'code' },
    );
  }
  const row = await insertOwnCategory(ctx.tx, org, kind, {
    code: input.code,
    names: cleanNames(input.names),
    standard: checkStandard(kind, input.standard),
  });
  await audit(ctx, {
    action: 'category.created',
    target: { type: `${kind}_category`, id: row.code },
    details: { names: row.names, standard: row.standard },
  });
  return toOwn(row, await itemCountsByCategory(ctx.tx, org, kind));
}

/** Renames a category (any language) and changes the standard category it maps to. */
export async function updateCategory(
  ctx: TenantContext,
  kind: CategoryKind,
  code: string,
  input: UpdateCategoryInput,
): Promise<OwnCategory> {
  const org = requireRight(ctx, kind, 'publish');
  const before = await requireOwn(ctx, org, kind, code);
  const row = await updateOwnCategory(ctx.tx, org, kind, code, {
    names: cleanNames(input.names),
    standard: checkStandard(kind, input.standard),
  });
  await audit(ctx, {
    action: 'category.updated',
    target: { type: `${kind}_category`, id: code },
    details: {
      before: { names: before.names, standard: before.standard },
      after: { names: row.names, standard: row.standard },
    },
  });
  return toOwn(row, await itemCountsByCategory(ctx.tx, org, kind));
}

/** Sets the order of the organisation's own categories: `codes` must name each of them once. */
export async function orderCategories(
  ctx: TenantContext,
  kind: CategoryKind,
  codes: string[],
): Promise<CategoryList> {
  const org = requireRight(ctx, kind, 'publish');
  const current = await listOwnCategories(ctx.tx, org, kind);
  const known = new Set(current.map((c) => c.code));
  if (codes.length !== known.size || codes.some((c) => !known.has(c))) {
    throw Errors.invalidField('codes', {
      ja: '並べ替えには、この組織の分類をすべて一度ずつ指定してください（画面を再読み込みしてください）。',
      en: "The order must name each of the organisation's categories exactly once (reload the page).",
    });
  }
  await setCategoryPositions(ctx.tx, org, kind, codes);
  await audit(ctx, {
    action: 'category.reordered',
    target: { type: `${kind}_category`, id: '*' },
    details: { codes },
  });
  return listCategories(ctx, kind);
}

/** Deletes a category no item uses (working or live copy); otherwise 409 with the count. */
export async function deleteCategory(ctx: TenantContext, kind: CategoryKind, code: string): Promise<void> {
  const org = requireRight(ctx, kind, 'publish');
  await requireOwn(ctx, org, kind, code);
  const usedBy = (await itemCountsByCategory(ctx.tx, org, kind)).get(code) ?? 0;
  if (usedBy > 0) {
    throw new AppError(
      409,
      'category_in_use',
      {
        ja: `この分類は ${usedBy} 件で使われているため削除できません。先にそれらの分類を変えてください（一覧の一括操作「分類を変更」が使えます）。`,
        en: `This category is used by ${usedBy} item(s) and cannot be deleted. Change their category first (the list's bulk action "Set category" does this).`,
      },
      { details: { usedBy } },
    );
  }
  await deleteOwnCategory(ctx.tx, org, kind, code);
  await audit(ctx, { action: 'category.deleted', target: { type: `${kind}_category`, id: code } });
}

/** Whether a code is a category items of this kind may be given: standard for the kind, or own. */
export async function isKnownCategory(
  ctx: TenantContext,
  kind: CategoryKind,
  code: string,
): Promise<boolean> {
  if ((standardCategories(kind) as readonly string[]).includes(code)) return true;
  return (await findOwnCategory(ctx.tx, ctx.scope.org, kind, code)) !== undefined;
}
