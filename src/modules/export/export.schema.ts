import { type Static, Type } from 'typebox';

export const ExportJobSchema = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('building'), Type.Literal('ready'), Type.Literal('failed')]),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  filesDone: Type.Integer(),
  filesTotal: Type.Integer(),
  sizeBytes: Type.Union([Type.Integer(), Type.Null()]),
  sha256: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
});
export type ExportJob = Static<typeof ExportJobSchema>;

export const ExportIdParams = Type.Object(
  { id: Type.String({ format: 'uuid', maxLength: 36 }) },
  { additionalProperties: false },
);
