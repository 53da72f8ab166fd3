import { spreadsheetCsv } from '../../platform/http/csv.js';
import type { CampaignStatistics } from './rally.schema.js';

/**
 * A campaign's statistics as one long table for a spreadsheet: one row per figure, the first
 * column naming its part, so an officer filters by that column (or pivots on it) in Excel.
 * Checkpoint names and survey labels are staff input: the cells go through `csvCell` (BOM, formula
 * cells neutralised) like every spreadsheet CSV. Flagged participants are left out (the console
 * shows them; they are a case list, not a figure).
 */
const HEADER = ['区分 / section', 'ID / id', '項目 / item', '内訳 / breakdown', '値 / value'];

const SECTION = {
  summary: '概要 / summary',
  checkpoint: 'チェックポイント別 / per checkpoint',
  checkpointDay: 'チェックポイント別・日別 / per checkpoint per day',
  day: '日別 / per day',
  hour: '時間帯別（日本時間） / per hour (Japan time)',
  funnel: '到達状況 / funnel',
  residence: '居住地 / residence',
  ageBand: '年代 / age band',
  survey: 'アンケート / survey',
} as const;

const surveySection = (kind: string) =>
  kind === 'prefecture' ? SECTION.residence : kind === 'age_band' ? SECTION.ageBand : SECTION.survey;

const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00–${String(hour).padStart(2, '0')}:59`;

type Row = [section: string, id: string, item: string, breakdown: string, value: number];

function summaryRows(stats: CampaignStatistics): Row[] {
  return [
    [SECTION.summary, 'participants', '参加者 / participants', '', stats.participants],
    [SECTION.summary, 'stamps', 'スタンプ（有効） / valid stamps', '', stats.stamps],
    [SECTION.summary, 'applied', '応募（確定） / confirmed applications', '', stats.applied],
  ];
}

function stampRows(stats: CampaignStatistics): Row[] {
  const names = new Map(stats.checkpoints.map((c) => [c.id, c.name]));
  return [
    ...stats.checkpoints.map((c): Row => [SECTION.checkpoint, c.id, c.name, '', c.stamps]),
    ...stats.perCheckpointDay.map(
      (c): Row => [SECTION.checkpointDay, c.checkpointId, names.get(c.checkpointId) ?? '', c.day, c.stamps],
    ),
    ...stats.perDay.map((d): Row => [SECTION.day, d.day, d.day, '', d.stamps]),
    ...stats.perHour.map((h): Row => [SECTION.hour, String(h.hour), hourLabel(h.hour), '', h.stamps]),
  ];
}

function funnelRows(stats: CampaignStatistics): Row[] {
  return [
    ...stats.funnel.map(
      (f): Row => [
        SECTION.funnel,
        String(f.stamps),
        `スタンプ ${f.stamps} 個 / ${f.stamps} stamps`,
        '',
        f.participants,
      ],
    ),
    [SECTION.funnel, 'applied', '応募（確定） / confirmed applications', '', stats.applied],
  ];
}

function surveyRows(stats: CampaignStatistics): Row[] {
  return stats.survey.flatMap((q) => {
    const section = surveySection(q.kind);
    return [
      [section, q.questionId, q.label, '回答者数 / respondents', q.respondents] satisfies Row,
      ...q.answers.map((a): Row => [section, `${q.questionId}:${a.value}`, q.label, a.label, a.count]),
    ];
  });
}

export function statisticsCsv(stats: CampaignStatistics): { csv: string; rows: number } {
  const rows = [...summaryRows(stats), ...stampRows(stats), ...funnelRows(stats), ...surveyRows(stats)];
  return { csv: spreadsheetCsv(HEADER, rows), rows: rows.length };
}
