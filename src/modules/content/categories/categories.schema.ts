import { type Static, Type } from 'typebox';
import { Localized } from '../content.schema.js';

export const CategoryCodeSchema = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$', maxLength: 40 });
/** A category's name per language: Japanese required. */
export const CategoryNames = Localized(60);

export const CreateCategoryInput = Type.Object(
  {
    code: CategoryCodeSchema,
    names: CategoryNames,
    /** The standard category it stands for in open data exports. */
    standard: Type.Optional(Type.Union([CategoryCodeSchema, Type.Null()])),
  },
  { additionalProperties: false },
);
export type CreateCategoryInput = Static<typeof CreateCategoryInput>;

export const UpdateCategoryInput = Type.Object(
  { names: CategoryNames, standard: Type.Union([CategoryCodeSchema, Type.Null()]) },
  { additionalProperties: false },
);
export type UpdateCategoryInput = Static<typeof UpdateCategoryInput>;

export const CategoryOrderInput = Type.Object(
  { codes: Type.Array(CategoryCodeSchema, { minItems: 1, maxItems: 200, uniqueItems: true }) },
  { additionalProperties: false },
);

const Names = Type.Record(Type.String(), Type.String());

export const OwnCategory = Type.Object({
  code: Type.String(),
  names: Names,
  standard: Type.Union([Type.String(), Type.Null()]),
  position: Type.Integer(),
  /** Items (working or live copy) in this category: it can be deleted only at 0. */
  usedBy: Type.Integer(),
});
export type OwnCategory = Static<typeof OwnCategory>;

export const CategoryList = Type.Object({
  standard: Type.Array(Type.Object({ code: Type.String(), names: Names, usedBy: Type.Integer() })),
  own: Type.Array(OwnCategory),
});
export type CategoryList = Static<typeof CategoryList>;
