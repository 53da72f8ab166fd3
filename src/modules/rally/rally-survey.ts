import type { FieldProblem } from '../../platform/errors.js';
import type { SurveyQuestion } from './rally.schema.js';
import type { VisitorProblem } from './rally-refusals.js';

/** Prefecture of residence: JIS X 0401 codes, and one answer for visitors from abroad. */
export const PREFECTURES: readonly [code: string, ja: string, en: string][] = [
  ['01', '北海道', 'Hokkaido'],
  ['02', '青森県', 'Aomori'],
  ['03', '岩手県', 'Iwate'],
  ['04', '宮城県', 'Miyagi'],
  ['05', '秋田県', 'Akita'],
  ['06', '山形県', 'Yamagata'],
  ['07', '福島県', 'Fukushima'],
  ['08', '茨城県', 'Ibaraki'],
  ['09', '栃木県', 'Tochigi'],
  ['10', '群馬県', 'Gunma'],
  ['11', '埼玉県', 'Saitama'],
  ['12', '千葉県', 'Chiba'],
  ['13', '東京都', 'Tokyo'],
  ['14', '神奈川県', 'Kanagawa'],
  ['15', '新潟県', 'Niigata'],
  ['16', '富山県', 'Toyama'],
  ['17', '石川県', 'Ishikawa'],
  ['18', '福井県', 'Fukui'],
  ['19', '山梨県', 'Yamanashi'],
  ['20', '長野県', 'Nagano'],
  ['21', '岐阜県', 'Gifu'],
  ['22', '静岡県', 'Shizuoka'],
  ['23', '愛知県', 'Aichi'],
  ['24', '三重県', 'Mie'],
  ['25', '滋賀県', 'Shiga'],
  ['26', '京都府', 'Kyoto'],
  ['27', '大阪府', 'Osaka'],
  ['28', '兵庫県', 'Hyogo'],
  ['29', '奈良県', 'Nara'],
  ['30', '和歌山県', 'Wakayama'],
  ['31', '鳥取県', 'Tottori'],
  ['32', '島根県', 'Shimane'],
  ['33', '岡山県', 'Okayama'],
  ['34', '広島県', 'Hiroshima'],
  ['35', '山口県', 'Yamaguchi'],
  ['36', '徳島県', 'Tokushima'],
  ['37', '香川県', 'Kagawa'],
  ['38', '愛媛県', 'Ehime'],
  ['39', '高知県', 'Kochi'],
  ['40', '福岡県', 'Fukuoka'],
  ['41', '佐賀県', 'Saga'],
  ['42', '長崎県', 'Nagasaki'],
  ['43', '熊本県', 'Kumamoto'],
  ['44', '大分県', 'Oita'],
  ['45', '宮崎県', 'Miyazaki'],
  ['46', '鹿児島県', 'Kagoshima'],
  ['47', '沖縄県', 'Okinawa'],
  ['overseas', '海外', 'Outside Japan'],
];

export const AGE_BANDS: readonly [code: string, ja: string, en: string][] = [
  ['under-20', '20歳未満', 'Under 20'],
  ['20s', '20代', '20s'],
  ['30s', '30代', '30s'],
  ['40s', '40代', '40s'],
  ['50s', '50代', '50s'],
  ['60s', '60代', '60s'],
  ['70-plus', '70歳以上', '70 or over'],
];

/** The answer codes a question accepts (none for free text). */
export function choicesOf(question: SurveyQuestion): string[] {
  if (question.kind === 'prefecture') return PREFECTURES.map(([code]) => code);
  if (question.kind === 'age_band') return AGE_BANDS.map(([code]) => code);
  return (question.choices ?? []).map((c) => c.id);
}

export const TEXT_ANSWER_MAX = 500;

/** Problems with a survey as staff define it. */
export function surveyProblems(survey: SurveyQuestion[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const ids = new Set<string>();
  survey.forEach((q, i) => {
    if (ids.has(q.id))
      problems.push({
        field: `survey.${i}.id`,
        message: { ja: '設問の ID が重複しています。', en: 'Question ids must be unique.' },
      });
    ids.add(q.id);
    const choices = q.choices ?? [];
    if ((q.kind === 'single' || q.kind === 'multiple') && choices.length < 2)
      problems.push({
        field: `survey.${i}.choices`,
        message: { ja: '選択肢を2つ以上入力してください。', en: 'Give at least two choices.' },
      });
    if (new Set(choices.map((c) => c.id)).size !== choices.length)
      problems.push({
        field: `survey.${i}.choices`,
        message: { ja: '選択肢の ID が重複しています。', en: 'Choice ids must be unique.' },
      });
  });
  return problems;
}

/** The answers as stored (only known questions, trimmed), or the problems naming each field. */
export function checkAnswers(
  survey: SurveyQuestion[],
  answers: Record<string, string | string[]>,
): { answers: Record<string, string | string[]>; problems: VisitorProblem[] } {
  const problems: VisitorProblem[] = [];
  const out: Record<string, string | string[]> = {};
  const known = new Set(survey.map((q) => q.id));
  for (const id of Object.keys(answers)) {
    if (!known.has(id)) problems.push({ field: `answers.${id}`, kind: 'no_such_question' });
  }
  for (const q of survey) {
    const field = `answers.${q.id}`;
    const value = answers[q.id];
    const empty = value === undefined || (Array.isArray(value) ? value.length === 0 : value.trim() === '');
    if (empty) {
      if (q.required) problems.push({ field, kind: 'required' });
      continue;
    }
    const allowed = new Set(choicesOf(q));
    const notAChoice: VisitorProblem = { field, kind: 'not_a_choice' };
    if (q.kind === 'text') {
      if (typeof value !== 'string') problems.push(notAChoice);
      else if (value.length > TEXT_ANSWER_MAX)
        problems.push({ field, kind: 'too_long', max: TEXT_ANSWER_MAX });
      else out[q.id] = value.trim();
    } else if (q.kind === 'multiple') {
      const list = Array.isArray(value) ? value : [value];
      if (list.some((v) => !allowed.has(v)) || new Set(list).size !== list.length) problems.push(notAChoice);
      else out[q.id] = list;
    } else if (typeof value !== 'string' || !allowed.has(value)) problems.push(notAChoice);
    else out[q.id] = value;
  }
  return { answers: out, problems };
}

export interface AnswerSummary {
  questionId: string;
  kind: SurveyQuestion['kind'];
  label: string;
  /** Applications that answered this question. */
  respondents: number;
  answers: { value: string; label: string; count: number }[];
}

/**
 * The survey's closed questions counted (free text is left out: it may hold anything), most
 * frequent first; prefectures and age bands by their Japanese names.
 */
export function summariseAnswers(
  survey: SurveyQuestion[],
  rows: { answers: Record<string, unknown> }[],
): AnswerSummary[] {
  const names = (q: SurveyQuestion): Map<string, string> => {
    if (q.kind === 'prefecture') return new Map(PREFECTURES.map(([code, ja]) => [code, ja]));
    if (q.kind === 'age_band') return new Map(AGE_BANDS.map(([code, ja]) => [code, ja]));
    return new Map((q.choices ?? []).map((c) => [c.id, c.label.ja ?? c.id]));
  };
  return survey
    .filter((q) => q.kind !== 'text')
    .map((q) => {
      const labels = names(q);
      const counts = new Map<string, number>();
      let respondents = 0;
      for (const { answers } of rows) {
        const raw = answers[q.id];
        const values = (Array.isArray(raw) ? raw : [raw]).filter(
          (v): v is string => typeof v === 'string' && v !== '',
        );
        if (values.length) respondents++;
        for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      return {
        questionId: q.id,
        kind: q.kind,
        label: q.label.ja ?? q.id,
        respondents,
        answers: [...counts]
          .map(([value, count]) => ({ value, label: labels.get(value) ?? value, count }))
          .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
      };
    });
}
