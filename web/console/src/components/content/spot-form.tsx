import { fieldId } from '../../content/field-paths';
import { BARRIER_FREE_KEYS } from '../../content/labels';
import { BARRIER_FREE, type SpotData } from '../../content/model';
import { useT } from '../../i18n';
import { CheckboxGroup } from '../fields';
import { DataTextField } from './data-fields';
import { useContentForm } from './form-context';
import { FormSection, fieldSetter, useFieldBinder } from './form-section';
import { AccessFields, BasicSection, ContactSection, FeesFields, OtherSection } from './form-sections';
import { LocalizedField } from './localized-field';
import { OpeningHoursEditor } from './opening-hours-editor';
import { PhotosSection } from './photo-field';
import { PositionEditor } from './position-editor';
import '../../i18n-content';

/** The fields of a 観光スポット. */
export function SpotForm({ value, onChange }: { value: SpotData; onChange: (next: SpotData) => void }) {
  const t = useT();
  const set = fieldSetter(value, onChange);
  const patch = (part: Partial<SpotData>) => onChange({ ...value, ...part });
  const bind = useFieldBinder(value, patch);
  return (
    <>
      <BasicSection kind="spot" value={value} onPatch={patch} />
      <PhotosSection value={value.imageIds ?? []} onChange={(imageIds) => set('imageIds', imageIds)} />
      <FormSection title={t('content.section.location')}>
        <LocalizedField {...bind('address')} maxLength={300} />
        <PositionEditor
          lat={value.lat}
          lng={value.lng}
          onChange={(lat, lng) => onChange({ ...value, lat, lng })}
        />
      </FormSection>
      <FormSection title={t('content.section.hours')}>
        <OpeningHoursEditor value={value.openingHours} onChange={(v) => set('openingHours', v)} />
      </FormSection>
      <FormSection title={t('content.section.fees')}>
        <FeesFields value={value.fees} onChange={(v) => set('fees', v)} />
      </FormSection>
      <FormSection title={t('content.section.accessInfo')}>
        <AccessFields value={value} onPatch={patch} />
      </FormSection>
      <FormSection title={t('content.section.barrierFree')}>
        <BarrierFreeFields value={value} onChange={onChange} />
      </FormSection>
      <ContactSection value={value} onPatch={patch} />
      <OtherSection value={value} onPatch={patch}>
        <DataTextField {...bind('poiCode')} hint={t('content.hint.poiCode')} optional maxLength={64} />
      </OtherSection>
    </>
  );
}

function BarrierFreeFields({ value, onChange }: { value: SpotData; onChange: (next: SpotData) => void }) {
  const t = useT();
  const { error } = useContentForm();
  const bind = useFieldBinder(value, (part) => onChange({ ...value, ...part }));
  return (
    <>
      <CheckboxGroup
        id={fieldId('barrierFree')}
        legend={t('field.barrierFree')}
        hint={t('content.hint.barrierFree')}
        className="fieldset checkbox-group checkbox-columns"
        options={BARRIER_FREE.map((code) => ({ value: code, label: t(BARRIER_FREE_KEYS[code]) }))}
        value={value.barrierFree ?? []}
        error={error('barrierFree')}
        onChange={(barrierFree) => onChange({ ...value, barrierFree })}
      />
      <LocalizedField {...bind('barrierFreeNote')} lines={3} maxLength={1000} />
    </>
  );
}
