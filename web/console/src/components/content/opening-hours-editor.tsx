import { useId } from 'react';
import { fieldId } from '../../content/field-paths';
import { DAY_KEYS } from '../../content/labels';
import { DAY_CODES, type OpeningHours } from '../../content/model';
import { useT } from '../../i18n';
import { Button } from '../button';
import { CheckboxGroup } from '../fields';
import { SmallButton } from '../small-button';
import { DataDateField, DataTimeField } from './data-fields';
import { useContentForm } from './form-context';
import { LocalizedField } from './localized-field';
import '../../i18n-content';

const MAX_ROWS = 20;

/**
 * 営業時間: one row per set of days (月〜日, 祝) with opening and closing times, an optional
 * validity period (seasons) and a note in every language.
 */
export function OpeningHoursEditor({
  value,
  onChange,
}: {
  value: OpeningHours[] | undefined;
  onChange: (next: OpeningHours[]) => void;
}) {
  const t = useT();
  const id = useId();
  const { error } = useContentForm();
  const rows = value ?? [];
  const dayOptions = DAY_CODES.map((day) => ({ value: day, label: t(DAY_KEYS[day]) }));

  function update(index: number, row: OpeningHours) {
    onChange(rows.map((r, i) => (i === index ? row : r)));
  }

  function add() {
    onChange([...rows, { days: ['mon', 'tue', 'wed', 'thu', 'fri'], opens: '', closes: '' }]);
    // Focus the new row's first control once it is rendered.
    window.setTimeout(() => document.getElementById(`${id}-row-${rows.length}`)?.focus(), 0);
  }

  function remove(index: number) {
    onChange(rows.filter((_, i) => i !== index));
    window.setTimeout(() => document.getElementById(`${id}-add`)?.focus(), 0);
  }

  return (
    <div className="repeat-editor" id={fieldId('openingHours')} tabIndex={-1}>
      <p className="field-hint">{t('content.hours.hint')}</p>
      {error('openingHours') && <p className="field-error">{error('openingHours')}</p>}
      {rows.length === 0 && <p>{t('content.hours.empty')}</p>}
      {rows.map((row, index) => {
        const path = `openingHours.${index}`;
        // A time or date of the row: its path, label and value, all optional.
        const bind = <K extends 'opens' | 'closes' | 'validFrom' | 'validTo'>(key: K) => ({
          path: `${path}.${key}`,
          label: t(`field.${key}`),
          optional: true,
          value: row[key],
          onChange: (next: string) => update(index, { ...row, [key]: next }),
        });
        return (
          // Rows have no identity of their own; their position is their name (営業時間 1, 2, …).
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are addressed by position
          <fieldset key={index} className="fieldset repeat-row">
            <legend id={`${id}-row-${index}`} tabIndex={-1}>
              {t('content.hours.row', { n: index + 1 })}
            </legend>
            <CheckboxGroup
              id={fieldId(`${path}.days`)}
              legend={t('field.days')}
              className="fieldset fieldset-inner checkbox-group checkbox-inline"
              options={dayOptions}
              value={row.days}
              error={error(`${path}.days`)}
              onChange={(days) => update(index, { ...row, days })}
            />
            <div className="field-row">
              <DataTimeField {...bind('opens')} />
              <DataTimeField {...bind('closes')} />
            </div>
            <div className="field-row">
              <DataDateField {...bind('validFrom')} />
              <DataDateField {...bind('validTo')} />
            </div>
            <LocalizedField
              path={`${path}.note`}
              label={t('field.note')}
              hint={t('content.hours.noteHint')}
              value={row.note}
              onChange={(note) => update(index, { ...row, note })}
              maxLength={500}
            />
            <div className="actions actions-compact">
              <SmallButton onClick={() => remove(index)}>
                {t('content.hours.remove', { n: index + 1 })}
              </SmallButton>
            </div>
          </fieldset>
        );
      })}
      {rows.length < MAX_ROWS && (
        <div className="actions actions-compact">
          <Button look="secondary" id={`${id}-add`} onClick={add}>
            {t('content.hours.add')}
          </Button>
        </div>
      )}
    </div>
  );
}
