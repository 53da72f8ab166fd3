import { Type } from 'typebox';
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES } from '../../contract/incidents.js';
import { Nullable } from '../../contract/nullable.js';
import { ServiceCode } from '../organisations/index.js';

/** Japanese required, English optional. */
const Text = (max: number) =>
  Type.Object(
    { ja: Type.String({ minLength: 1, maxLength: max }), en: Type.Optional(Type.String({ maxLength: max })) },
    { additionalProperties: false },
  );
const TextOut = Type.Object({ ja: Type.String(), en: Type.String() });

export const NewIncidentInput = Type.Object(
  {
    title: Text(200),
    impact: Text(2000),
    severity: Type.Enum(INCIDENT_SEVERITIES),
    functions: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20, uniqueItems: true }),
    ),
    organisations: Type.Union([
      Type.Literal('all'),
      Type.Array(ServiceCode, { minItems: 1, maxItems: 5000, uniqueItems: true }),
    ]),
    message: Text(5000),
  },
  { additionalProperties: false },
);

export const IncidentUpdateInput = Type.Object(
  { status: Type.Enum(INCIDENT_STATUSES), message: Text(5000) },
  { additionalProperties: false },
);

export const IncidentReportInput = Type.Object(
  { whatHappened: Text(5000), dataAffected: Text(5000), actions: Text(5000) },
  { additionalProperties: false },
);

export const IncidentId = Type.Object({ id: Type.String({ format: 'uuid' }) });

const IncidentFields = {
  id: Type.String(),
  title: TextOut,
  impact: TextOut,
  severity: Type.Enum(INCIDENT_SEVERITIES),
  functions: Type.Array(Type.String()),
  status: Type.Enum(INCIDENT_STATUSES),
  openedAt: Type.String(),
  resolvedAt: Nullable(Type.String()),
  updates: Type.Array(
    Type.Object({ status: Type.Enum(INCIDENT_STATUSES), message: TextOut, at: Type.String() }),
  ),
  report: Nullable(
    Type.Object({ whatHappened: TextOut, dataAffected: TextOut, actions: TextOut, at: Type.String() }),
  ),
};
export const Incident = Type.Object(IncidentFields);
export const OpsIncident = Type.Object({
  ...IncidentFields,
  audience: Type.Union([Type.Literal('all'), Type.Literal('list')]),
  organisations: Type.Array(Type.String()),
});
export const ProviderStatus = Type.Object({
  incidents: Type.Array(Incident),
  maintenance: Type.Array(Type.Object({ title: TextOut, start: Type.String(), end: Type.String() })),
});
