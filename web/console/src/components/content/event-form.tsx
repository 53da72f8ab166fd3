import { useId, useState } from 'react';
import { fieldId } from '../../content/field-paths';
import { EVENT_STATUS_KEYS } from '../../content/labels';
import { EVENT_STATUSES, type EventData, type EventStatus, type EventVenue } from '../../content/model';
import { useT } from '../../i18n';
import { SelectField } from '../fields';
import { CheckboxField } from '../text-field';
import { DataDateField, DataNumberField, DataTimeField } from './data-fields';
import { useContentForm } from './form-context';
import { FormSection, fieldSetter, useFieldBinder } from './form-section';
import { AccessFields, BasicSection, ContactSection, FeesFields, OtherSection } from './form-sections';
import { LocalizedField } from './localized-field';
import { PhotosSection } from './photo-field';
import { PositionEditor } from './position-editor';
import { RecurrenceEditor } from './recurrence-editor';
import { SpotPicker, spotLabel, useSpotTitles } from './spot-picker';
import '../../i18n-content';

/** The fields of an イベント. */
export function EventForm({ value, onChange }: { value: EventData; onChange: (next: EventData) => void }) {
  const t = useT();
  const { error } = useContentForm();
  const set = fieldSetter(value, onChange);
  const patch = (part: Partial<EventData>) => onChange({ ...value, ...part });
  const application = value.application ?? {};
  const bind = useFieldBinder(value, patch);
  const bindApplication = useFieldBinder(
    application,
    (part) => set('application', { ...application, ...part }),
    'application.',
  );
  return (
    <>
      <BasicSection kind="event" value={value} onPatch={patch}>
        <LocalizedField {...bind('organiser')} maxLength={200} />
      </BasicSection>
      <PhotosSection value={value.imageIds ?? []} onChange={(imageIds) => set('imageIds', imageIds)} />

      <FormSection title={t('content.section.schedule')}>
        <p className="field-hint">{t('content.event.dateHint')}</p>
        <div className="field-row">
          <DataDateField {...bind('startDate')} />
          <DataDateField {...bind('endDate')} optional />
        </div>
        <CheckboxField
          id={fieldId('allDay')}
          label={t('field.allDay')}
          hint={t('content.event.allDayHint')}
          error={error('allDay')}
          checked={value.allDay}
          onChange={(event) => set('allDay', event.target.checked)}
        />
        {!value.allDay && (
          <div className="field-row">
            <DataTimeField {...bind('startTime')} />
            <DataTimeField {...bind('endTime')} optional />
          </div>
        )}
        <RecurrenceEditor
          value={value.recurrence}
          startDate={value.startDate}
          onChange={(v) => set('recurrence', v)}
        />
        <SelectField
          id={fieldId('eventStatus')}
          label={t('field.eventStatus')}
          hint={t('content.event.statusHint')}
          error={error('eventStatus')}
          value={value.eventStatus}
          onChange={(event) => set('eventStatus', event.target.value as EventStatus)}
          options={EVENT_STATUSES.map((status) => ({ value: status, label: t(EVENT_STATUS_KEYS[status]) }))}
        />
        {value.eventStatus === 'rescheduled' && (
          <DataDateField {...bind('previousStartDate')} hint={t('content.event.previousHint')} />
        )}
      </FormSection>

      <FormSection title={t('content.section.venue')}>
        <VenueFields value={value.venue ?? {}} onChange={(venue) => set('venue', venue)} />
        <AccessFields value={value} onPatch={patch} />
      </FormSection>

      <FormSection title={t('content.section.application')}>
        <FeesFields value={value.fees} onChange={(v) => set('fees', v)} />
        <DataNumberField {...bind('capacity')} optional integer />
        <div className="field-row">
          <DataDateField {...bindApplication('deadline')} optional />
          <DataTimeField {...bindApplication('deadlineTime')} optional />
        </div>
        <LocalizedField
          {...bindApplication('method')}
          hint={t('content.event.methodHint')}
          lines={3}
          maxLength={1000}
        />
      </FormSection>

      <ContactSection value={value} onPatch={patch} />

      <OtherSection value={value} onPatch={patch} />
    </>
  );
}

/**
 * 会場: a registered spot (picked by a search) or a name and address typed here, with a
 * position on the map either way.
 */
function VenueFields({ value, onChange }: { value: EventVenue; onChange: (next: EventVenue) => void }) {
  const t = useT();
  const id = useId();
  const { error, readOnly } = useContentForm();
  const [mode, setMode] = useState<'spot' | 'text'>(value.spotId ? 'spot' : 'text');
  const spotIds = value.spotId ? [value.spotId] : [];
  const { title, remember } = useSpotTitles(spotIds);
  const bind = useFieldBinder(value, (part) => onChange({ ...value, ...part }), 'venue.');

  function changeMode(next: 'spot' | 'text') {
    setMode(next);
    if (next === 'text' && value.spotId) {
      const { spotId: _drop, ...rest } = value;
      onChange(rest);
    }
  }

  return (
    <>
      <fieldset className="fieldset">
        <legend>{t('content.venue.mode')}</legend>
        {(['spot', 'text'] as const).map((m) => (
          <div key={m} className="radio-row">
            <input
              type="radio"
              id={`${id}-${m}`}
              name={`${id}-mode`}
              checked={mode === m}
              onChange={() => changeMode(m)}
            />
            <label htmlFor={`${id}-${m}`}>
              {t(m === 'spot' ? 'content.venue.modeSpot' : 'content.venue.modeText')}
            </label>
          </div>
        ))}
      </fieldset>
      {mode === 'spot' && (
        <div className="venue-spot" id={fieldId('venue.spotId')} tabIndex={-1}>
          {error('venue.spotId') && <p className="field-error">{error('venue.spotId')}</p>}
          <p>
            {value.spotId
              ? t('content.venue.selected', { name: spotLabel(title(value.spotId), value.spotId, t) })
              : t('content.venue.noneSelected')}
          </p>
          {!readOnly && (
            <SpotPicker
              label={t('content.venue.search')}
              pickLabel={t('content.picker.choose')}
              chosenIds={spotIds}
              onPick={(spot) => {
                remember(spot.id, spot.title);
                onChange({ ...value, spotId: spot.id });
              }}
            />
          )}
          <p className="field-hint">{t('content.venue.spotHint')}</p>
        </div>
      )}
      <LocalizedField
        {...bind('name')}
        label={t('content.venue.name')}
        hint={mode === 'spot' ? t('content.venue.nameWithSpotHint') : undefined}
        maxLength={200}
      />
      <LocalizedField {...bind('address')} maxLength={300} />
      {/* With a registered spot, the spot's position is the venue's; a position typed here stays visible so it can be cleared. */}
      {(mode === 'text' || value.lat !== undefined || value.lng !== undefined) && (
        <PositionEditor
          prefix="venue"
          lat={value.lat}
          lng={value.lng}
          onChange={(lat, lng) => onChange({ ...value, lat, lng })}
        />
      )}
    </>
  );
}
