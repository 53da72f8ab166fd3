import type { Bilingual, FieldProblem } from '../errors.js';

/** The subset of an Ajv error that we translate. */
export interface SchemaIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

function fieldOf(issue: SchemaIssue, context: string | undefined): string {
  const base = issue.instancePath
    .split('/')
    .filter(Boolean)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
  const extra =
    issue.keyword === 'required'
      ? String(issue.params.missingProperty ?? '')
      : issue.keyword === 'additionalProperties'
        ? String(issue.params.additionalProperty ?? '')
        : '';
  const joined = [base, extra].filter(Boolean).join('.');
  if (joined) return joined;
  return context ?? 'body';
}

function messageOf(issue: SchemaIssue): Bilingual {
  const p = issue.params;
  switch (issue.keyword) {
    case 'required':
      return { ja: '必須項目です。', en: 'is required.' };
    case 'type':
      return {
        ja: `型が正しくありません（${String(p.type)} が必要です）。`,
        en: `must be of type ${String(p.type)}.`,
      };
    case 'minLength':
      return {
        ja: `${String(p.limit)} 文字以上で入力してください。`,
        en: `must be at least ${String(p.limit)} characters.`,
      };
    case 'maxLength':
      return {
        ja: `${String(p.limit)} 文字以内で入力してください。`,
        en: `must be at most ${String(p.limit)} characters.`,
      };
    case 'minimum':
      return { ja: `${String(p.limit)} 以上の値にしてください。`, en: `must be ≥ ${String(p.limit)}.` };
    case 'maximum':
      return { ja: `${String(p.limit)} 以下の値にしてください。`, en: `must be ≤ ${String(p.limit)}.` };
    case 'pattern':
      return { ja: '形式が正しくありません。', en: 'has the wrong format.' };
    case 'format':
      return {
        ja: `形式が正しくありません（${String(p.format)}）。`,
        en: `must be a valid ${String(p.format)}.`,
      };
    case 'enum':
    case 'const':
      return { ja: '指定できない値です。', en: 'is not one of the allowed values.' };
    case 'additionalProperties':
      return { ja: '不明な項目です。', en: 'is not a known field.' };
    case 'minItems':
      return { ja: `${String(p.limit)} 件以上必要です。`, en: `needs at least ${String(p.limit)} items.` };
    case 'maxItems':
      return {
        ja: `${String(p.limit)} 件以内にしてください。`,
        en: `allows at most ${String(p.limit)} items.`,
      };
    default:
      return { ja: '値が正しくありません。', en: issue.message ?? 'is invalid.' };
  }
}

/** Turns schema validation issues into field problems with messages in Japanese and English. */
export function translateSchemaIssues(issues: SchemaIssue[], context?: string): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const issue of issues) {
    const field = fieldOf(issue, context);
    if (seen.has(field)) continue;
    seen.add(field);
    problems.push({ field, message: messageOf(issue) });
  }
  return problems;
}
