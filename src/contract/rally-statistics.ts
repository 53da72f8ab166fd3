import { type Static, Type } from 'typebox';
import { Nullable } from './nullable.js';

// A campaign's statistics as the console reads them, as a schema: the rally module answers with
// it and the console takes its type from here (imported as a type only), so neither side keeps a
// copy. Apart from contract/rally.ts so the console's bundle, which imports that file's constants,
// does not take TypeBox along.
const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Count = Type.Integer();
/** A day in Japan time, YYYY-MM-DD. */
const Day = Type.String();

export const CampaignStatistics = Type.Object({
  participants: Count,
  stamps: Count,
  checkpoints: Type.Array(Type.Object({ id: Uuid, name: Type.String(), stamps: Count })),
  funnel: Type.Array(Type.Object({ stamps: Count, participants: Count })),
  /** The funnel's last step: confirmed applications (pending ones, whose link is unopened, not counted). */
  applied: Count,
  /** Valid stamps per day, Japan time. */
  perDay: Type.Array(Type.Object({ day: Day, stamps: Count })),
  /** Valid stamps per checkpoint and day (Japan time), by day then checkpoint; no row for no stamps. */
  perCheckpointDay: Type.Array(Type.Object({ checkpointId: Uuid, day: Day, stamps: Count })),
  /** Stamps by hour of the day, Japan time. */
  perHour: Type.Array(Type.Object({ hour: Type.Integer(), stamps: Count })),
  /** The survey's closed questions (residence, age band, choices) counted over confirmed applications. */
  survey: Type.Array(
    Type.Object({
      questionId: Type.String(),
      kind: Type.String(),
      label: Type.String(),
      respondents: Count,
      answers: Type.Array(Type.Object({ value: Type.String(), label: Type.String(), count: Count })),
    }),
  ),
  flagged: Type.Array(
    Type.Object({
      id: Uuid,
      joinedAt: DateTime,
      flaggedAt: DateTime,
      reason: Nullable(Type.String()),
      stamps: Count,
    }),
  ),
});
export type CampaignStatistics = Static<typeof CampaignStatistics>;
