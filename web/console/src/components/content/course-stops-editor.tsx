import { useId, useRef, useState } from 'react';
import { courseDuration, moveItem, splitMinutes } from '../../content/course';
import { fieldId } from '../../content/field-paths';
import { TRAVEL_MODE_KEYS } from '../../content/labels';
import { type CourseStop, TRAVEL_MODES, type TravelMode } from '../../content/model';
import { useT } from '../../i18n';
import { SelectField } from '../fields';
import { SmallButton } from '../small-button';
import { DataNumberField } from './data-fields';
import { useContentForm } from './form-context';
import { LocalizedField } from './localized-field';
import { SpotPicker, type SpotTitle, spotLabel } from './spot-picker';
import '../../i18n-content';

const MAX_STOPS = 30;
const DEFAULT_STAY_MINUTES = 60;

/**
 * The ordered stops of a model course: each a spot with a stay, the way to the next stop and a
 * note. Reordering uses 上へ/下へ buttons (keyboard friendly, announced); the total time is
 * shown below the list.
 */
export function CourseStopsEditor({
  stops,
  onChange,
  spotTitle,
  rememberSpot,
}: {
  stops: CourseStop[];
  onChange: (next: CourseStop[]) => void;
  spotTitle: (id: string) => SpotTitle | undefined;
  rememberSpot: (id: string, title: string) => void;
}) {
  const t = useT();
  const id = useId();
  const { error, readOnly } = useContentForm();
  const [announcement, setAnnouncement] = useState('');
  // Stable keys for the rows, so a moved row keeps its elements (and the focus).
  const counter = useRef(0);
  const newKey = () => {
    counter.current += 1;
    return `stop-${counter.current}`;
  };
  const [keys, setKeys] = useState<string[]>(() => stops.map(newKey));
  if (keys.length !== stops.length) setKeys(stops.map(newKey));

  const name = (stop: CourseStop) => spotLabel(spotTitle(stop.spotId), stop.spotId, t);
  const focusLater = (elementId: string) =>
    window.setTimeout(() => document.getElementById(elementId)?.focus(), 0);

  function update(index: number, stop: CourseStop) {
    onChange(stops.map((s, i) => (i === index ? stop : s)));
  }

  function move(index: number, direction: -1 | 1) {
    const stop = stops[index];
    const key = keys[index];
    if (!stop || !key) return;
    const target = index + direction;
    onChange(moveItem(stops, index, direction));
    setKeys(moveItem(keys, index, direction));
    setAnnouncement(t('content.stops.moved', { name: name(stop), n: target + 1 }));
    // At either end the button just used is disabled: keep focus on the row's other button.
    const atEnd = target === 0 || target === stops.length - 1;
    if (atEnd) focusLater(`${id}-${key}-${target === 0 ? 'down' : 'up'}`);
  }

  function remove(index: number) {
    const stop = stops[index];
    if (!stop) return;
    onChange(stops.filter((_, i) => i !== index));
    setKeys(keys.filter((_, i) => i !== index));
    setAnnouncement(t('content.stops.removed', { name: name(stop) }));
    focusLater(`${id}-list`);
  }

  const { stay, travel, total } = courseDuration(stops);
  const { hours, minutes } = splitMinutes(total);

  return (
    <div className="repeat-editor" id={fieldId('stops')} tabIndex={-1}>
      <p className="field-hint">{t('content.stops.hint')}</p>
      {error('stops') && <p className="field-error">{error('stops')}</p>}
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      {stops.length === 0 ? (
        <p>{t('content.stops.empty')}</p>
      ) : (
        <ol className="stop-list" id={`${id}-list`} tabIndex={-1} aria-label={t('field.stops')}>
          {stops.map((stop, index) => {
            const key = keys[index] ?? `row-${index}`;
            const path = `stops.${index}`;
            const last = index === stops.length - 1;
            const label = name(stop);
            return (
              <li key={key} className="stop">
                <fieldset className="fieldset repeat-row">
                  <legend>{t('content.stops.stop', { n: index + 1, name: label })}</legend>
                  {error(`${path}.spotId`) && (
                    <p className="field-error" id={fieldId(`${path}.spotId`)} tabIndex={-1}>
                      {error(`${path}.spotId`)}
                    </p>
                  )}
                  <div className="field-row">
                    <DataNumberField
                      path={`${path}.stayMinutes`}
                      label={t('field.stayMinutes')}
                      integer
                      value={stop.stayMinutes}
                      onChange={(stayMinutes) => update(index, { ...stop, stayMinutes: stayMinutes ?? 0 })}
                    />
                    {!last && (
                      <>
                        <SelectField
                          id={fieldId(`${path}.travelMode`)}
                          label={t('field.travelMode')}
                          optional
                          error={error(`${path}.travelMode`)}
                          value={stop.travelMode ?? ''}
                          onChange={(event) => {
                            const mode = event.target.value as TravelMode | '';
                            const { travelMode: _drop, ...rest } = stop;
                            update(index, mode ? { ...rest, travelMode: mode } : rest);
                          }}
                          empty={t('content.stops.travelNone')}
                          options={TRAVEL_MODES.map((mode) => ({
                            value: mode,
                            label: t(TRAVEL_MODE_KEYS[mode]),
                          }))}
                        />
                        <DataNumberField
                          path={`${path}.minutesToNext`}
                          label={t('field.minutesToNext')}
                          optional
                          integer
                          value={stop.minutesToNext}
                          onChange={(minutesToNext) => update(index, { ...stop, minutesToNext })}
                        />
                      </>
                    )}
                  </div>
                  {last && stops.length > 1 && (
                    <p className="field-hint">{t('content.stops.lastNoTravel')}</p>
                  )}
                  <LocalizedField
                    path={`${path}.note`}
                    label={t('field.note')}
                    value={stop.note}
                    onChange={(note) => update(index, { ...stop, note })}
                    maxLength={1000}
                  />
                  {!readOnly && (
                    <div className="actions actions-compact">
                      <SmallButton
                        id={`${id}-${key}-up`}
                        disabled={index === 0}
                        onClick={() => move(index, -1)}
                        target={t('content.stops.target', { name: label })}
                      >
                        {t('content.stops.up')}
                      </SmallButton>
                      <SmallButton
                        id={`${id}-${key}-down`}
                        disabled={last}
                        onClick={() => move(index, 1)}
                        target={t('content.stops.target', { name: label })}
                      >
                        {t('content.stops.down')}
                      </SmallButton>
                      <SmallButton
                        onClick={() => remove(index)}
                        target={t('content.stops.target', { name: label })}
                      >
                        {t('content.stops.remove')}
                      </SmallButton>
                    </div>
                  )}
                </fieldset>
              </li>
            );
          })}
        </ol>
      )}
      <p className="course-total">
        <strong>{t('content.stops.total', { hours, minutes })}</strong>{' '}
        <span className="secondary-text">{t('content.stops.totalDetail', { stay, travel })}</span>
      </p>
      {!readOnly && stops.length < MAX_STOPS && (
        <SpotPicker
          label={t('content.stops.add')}
          pickLabel={t('content.picker.add')}
          onPick={(spot) => {
            rememberSpot(spot.id, spot.title);
            onChange([...stops, { spotId: spot.id, stayMinutes: DEFAULT_STAY_MINUTES }]);
            setKeys([...keys, newKey()]);
            setAnnouncement(t('content.stops.added', { name: spot.title, n: stops.length + 1 }));
          }}
        />
      )}
    </div>
  );
}
