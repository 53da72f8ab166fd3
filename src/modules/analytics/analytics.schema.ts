import { type Static, Type } from 'typebox';

export const RangeQuery = Type.Object(
  {
    from: Type.Optional(
      Type.String({ format: 'date', description: 'first day (Asia/Tokyo), default 29 days before `to`' }),
    ),
    to: Type.Optional(Type.String({ format: 'date', description: 'last day (Asia/Tokyo), default today' })),
  },
  { additionalProperties: false },
);
export type RangeQuery = Static<typeof RangeQuery>;

const Count = Type.Integer({ minimum: 0 });
const Counts = { views: Count, visitors: Count };
const Title = Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()]);

export const TopItem = Type.Object({ id: Type.String(), title: Title, ...Counts });
/** One value of a breakdown ('' or null: none, e.g. no referrer) with its counts. */
export const BreakdownRow = Type.Object({ value: Type.String(), ...Counts });
export type BreakdownRow = Static<typeof BreakdownRow>;

export const AnalyticsSummary = Type.Object({
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  totals: Type.Object(Counts, {
    description:
      'visitors: daily unique visitors added up over the days (a visitor on two days counts twice)',
  }),
  days: Type.Array(Type.Object({ day: Type.String({ format: 'date' }), ...Counts })),
  topSpots: Type.Array(TopItem),
  topEvents: Type.Array(TopItem),
  pages: Type.Array(BreakdownRow),
  languages: Type.Array(BreakdownRow),
  /** value '' = no referrer or from the site itself. */
  referrers: Type.Array(BreakdownRow),
  devices: Type.Array(BreakdownRow),
});
export type AnalyticsSummary = Static<typeof AnalyticsSummary>;
export type TopItem = Static<typeof TopItem>;
