import { useId, useState } from 'react';
import { WEEKDAY_DAY } from '../../../../../src/contract/content';
import { fieldId } from '../../content/field-paths';
import { DAY_KEYS } from '../../content/labels';
import { parseNumber } from '../../content/prepare';
import {
  buildRrule,
  defaultPreset,
  MAX_COUNT,
  parseRrule,
  type RecurrencePreset,
  type RecurrenceRule,
  WEEK_ORDINALS,
  WEEKDAYS,
  type Weekday,
  type WeekOrdinal,
} from '../../content/recurrence';
import type { MessageKey } from '../../i18n';
import { useT } from '../../i18n';
import { CheckboxGroup, SelectField } from '../fields';
import { TextField } from '../text-field';
import { useContentForm } from './form-context';
import '../../i18n-content';

type Mode = 'none' | RecurrenceRule['freq'] | 'custom';

const MODES: readonly { mode: Mode; key: MessageKey }[] = [
  { mode: 'none', key: 'content.recur.none' },
  { mode: 'weekly', key: 'content.recur.weekly' },
  { mode: 'monthlyWeekday', key: 'content.recur.monthlyWeekday' },
  { mode: 'monthlyDate', key: 'content.recur.monthlyDate' },
  { mode: 'custom', key: 'content.recur.custom' },
];

/**
 * 繰り返し: presets (毎週 + 曜日, 毎月 第n 曜日, 毎月 n 日; until a date or n times) that write
 * the RRULE text, and the RRULE text itself for anything the presets cannot say.
 */
export function RecurrenceEditor({
  value,
  startDate,
  onChange,
}: {
  value: string | undefined;
  startDate: string | undefined;
  onChange: (next: string) => void;
}) {
  const t = useT();
  const id = useId();
  const { error } = useContentForm();
  const initial = value ? parseRrule(value) : undefined;
  const [mode, setMode] = useState<Mode>(() => (!value ? 'none' : initial ? initial.rule.freq : 'custom'));
  const [preset, setPreset] = useState<RecurrencePreset | undefined>(initial);
  const [countText, setCountText] = useState(() =>
    initial?.end.kind === 'count' ? String(initial.end.count) : '',
  );

  function apply(next: RecurrencePreset) {
    setPreset(next);
    onChange(buildRrule(next));
  }

  function changeMode(next: Mode) {
    setMode(next);
    if (next === 'none') onChange('');
    else if (next !== 'custom') {
      const start = preset?.rule.freq === next ? preset : defaultPreset(next, startDate);
      apply(start);
      if (start.end.kind !== 'count') setCountText('');
    }
  }

  function changeRaw(text: string) {
    onChange(text);
    const parsed = parseRrule(text);
    if (parsed) {
      setPreset(parsed);
      setMode(parsed.rule.freq);
      setCountText(parsed.end.kind === 'count' ? String(parsed.end.count) : '');
    } else {
      setMode(text.trim() === '' ? 'none' : 'custom');
    }
  }

  const dayName = (day: Weekday) => t(DAY_KEYS[WEEKDAY_DAY[day]]);
  const active = mode !== 'none' && mode !== 'custom' && preset?.rule.freq === mode ? preset : undefined;

  return (
    <fieldset className="fieldset" id={fieldId('recurrence-group')}>
      <legend>{t('field.recurrence')}</legend>
      <SelectField
        id={`${id}-mode`}
        label={t('content.recur.mode')}
        value={mode}
        onChange={(event) => changeMode(event.target.value as Mode)}
      >
        {MODES.map(({ mode: m, key }) => (
          <option key={m} value={m}>
            {t(key)}
          </option>
        ))}
      </SelectField>

      {active?.rule.freq === 'weekly' && (
        <CheckboxGroup
          legend={t('content.recur.days')}
          className="fieldset fieldset-inner checkbox-group checkbox-inline"
          options={WEEKDAYS.map((day) => ({ value: day, label: dayName(day) }))}
          value={active.rule.days}
          onChange={(days) => apply({ ...active, rule: { freq: 'weekly', days } })}
        />
      )}

      {active?.rule.freq === 'monthlyWeekday' && (
        <div className="field-row">
          <SelectField
            label={t('content.recur.week')}
            value={String(active.rule.week)}
            onChange={(event) =>
              active.rule.freq === 'monthlyWeekday' &&
              apply({
                ...active,
                rule: { ...active.rule, week: Number(event.target.value) as WeekOrdinal },
              })
            }
            options={WEEK_ORDINALS.map((week) => ({
              value: week,
              label: week === -1 ? t('content.recur.weekLast') : t('content.recur.weekN', { n: week }),
            }))}
          />
          <SelectField
            label={t('content.recur.weekday')}
            value={active.rule.day}
            onChange={(event) =>
              active.rule.freq === 'monthlyWeekday' &&
              apply({ ...active, rule: { ...active.rule, day: event.target.value as Weekday } })
            }
            options={WEEKDAYS.map((day) => ({ value: day, label: dayName(day) }))}
          />
        </div>
      )}

      {active?.rule.freq === 'monthlyDate' && (
        <SelectField
          label={t('content.recur.monthDay')}
          value={String(active.rule.monthDay)}
          onChange={(event) =>
            apply({ ...active, rule: { freq: 'monthlyDate', monthDay: Number(event.target.value) } })
          }
          options={Array.from({ length: 31 }, (_, i) => i + 1).map((day) => ({
            value: day,
            label: t('content.recur.dayN', { n: day }),
          }))}
        />
      )}

      {active && (
        <fieldset className="fieldset fieldset-inner">
          <legend>{t('content.recur.end')}</legend>
          {(['none', 'until', 'count'] as const).map((kind) => (
            <div key={kind} className="radio-row">
              <input
                type="radio"
                id={`${id}-end-${kind}`}
                name={`${id}-end`}
                checked={active.end.kind === kind}
                onChange={() =>
                  apply({
                    ...active,
                    end:
                      kind === 'none'
                        ? { kind }
                        : kind === 'until'
                          ? { kind, date: active.end.kind === 'until' ? active.end.date : '' }
                          : { kind, count: parseNumber(countText, true) ?? 0 },
                  })
                }
              />
              <label htmlFor={`${id}-end-${kind}`}>
                {t(
                  kind === 'none'
                    ? 'content.recur.endNone'
                    : kind === 'until'
                      ? 'content.recur.endUntil'
                      : 'content.recur.endCount',
                )}
              </label>
            </div>
          ))}
          {active.end.kind === 'until' && (
            <TextField
              label={t('content.recur.until')}
              typing="date"
              value={active.end.date}
              onChange={(event) => apply({ ...active, end: { kind: 'until', date: event.target.value } })}
            />
          )}
          {active.end.kind === 'count' && (
            <TextField
              label={t('content.recur.count')}
              hint={t('content.recur.countHint', { max: MAX_COUNT })}
              type="text"
              inputMode="numeric"
              className="input input-number"
              value={countText}
              onChange={(event) => {
                setCountText(event.target.value);
                apply({
                  ...active,
                  end: { kind: 'count', count: parseNumber(event.target.value, true) ?? 0 },
                });
              }}
            />
          )}
        </fieldset>
      )}

      <TextField
        id={fieldId('recurrence')}
        label={t('content.recur.raw')}
        hint={t('content.recur.rawHint')}
        optional
        error={error('recurrence')}
        type="text"
        spellCheck={false}
        autoComplete="off"
        className="input input-code-text"
        value={value ?? ''}
        onChange={(event) => changeRaw(event.target.value)}
      />
    </fieldset>
  );
}
