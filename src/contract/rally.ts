/**
 * Stamp rally constants shared by the server and the console: the check-in methods and the
 * survey questions offered as presets (the demo campaign and the console's editor use the same).
 */
export const CHECK_IN_METHODS = ['qr', 'qr_location', 'location', 'staff_code', 'rotating_code'] as const;
export type CheckInMethod = (typeof CHECK_IN_METHODS)[number];

/** What a revision in a campaign's history records as done (console's 履歴 ← API). */
export const REVISION_ACTIONS = [
  'created',
  'updated',
  'prizes_changed',
  'checkpoint_added',
  'checkpoint_updated',
  'checkpoint_removed',
  'published',
  'ended',
  'archived',
  'restored',
  // A campaign made before the history was kept: its state before its first change since.
  'baseline',
] as const;
export type RevisionAction = (typeof REVISION_ACTIONS)[number];

/** What the screen at a rotating-code checkpoint shows (console ← API). */
export interface RotatingCodeScreen {
  code: string;
  /** What the screen's QR code opens: the checkpoint with the code filled in. */
  url: string;
  qrSvg: string;
  /** When the next code takes over; the screen asks again then. */
  changesAt: string;
  periodSeconds: number;
}

export interface SurveyPreset {
  id: string;
  kind: 'single' | 'multiple' | 'text' | 'prefecture' | 'age_band';
  label: { ja: string; en?: string };
  choices?: { id: string; label: { ja: string; en?: string } }[];
  required: boolean;
}

export const SURVEY_PRESETS = {
  residence: {
    id: 'residence',
    kind: 'prefecture',
    label: { ja: 'お住まいの都道府県', en: 'Where do you live?' },
    required: true,
  },
  age: { id: 'age', kind: 'age_band', label: { ja: '年代', en: 'Age' }, required: false },
  heard: {
    id: 'heard',
    kind: 'single',
    label: { ja: 'このラリーを何で知りましたか', en: 'How did you hear about this rally?' },
    choices: [
      { id: 'poster', label: { ja: 'ポスター', en: 'Poster' } },
      { id: 'web', label: { ja: 'ウェブサイト', en: 'Website' } },
      { id: 'sns', label: { ja: 'SNS', en: 'Social media' } },
      { id: 'friend', label: { ja: '知人から', en: 'From someone I know' } },
    ],
    required: false,
  },
  comment: { id: 'comment', kind: 'text', label: { ja: 'ご意見・ご感想', en: 'Comments' }, required: false },
} as const satisfies Record<string, SurveyPreset>;
export type SurveyPresetKey = keyof typeof SURVEY_PRESETS;
