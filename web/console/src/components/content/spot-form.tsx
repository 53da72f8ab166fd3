import { fieldId } from '../../content/field-paths';
import { BARRIER_FREE_KEYS } from '../../content/labels';
import { BARRIER_FREE, type Contact, type Fees, type SpotData } from '../../content/model';
import { useT } from '../../i18n';
import { CheckboxGroup } from '../fields';
import { CategoryField, DataNumberField, DataTextField, TagsField } from './data-fields';
import { useContentForm } from './form-context';
import { FormSection, fieldSetter } from './form-section';
import { LocalizedField } from './localized-field';
import { OpeningHoursEditor } from './opening-hours-editor';
import { PositionEditor } from './position-editor';

/** The fields of a 観光スポット. */
export function SpotForm({ value, onChange }: { value: SpotData; onChange: (next: SpotData) => void }) {
  const t = useT();
  const set = fieldSetter(value, onChange);
  return (
    <>
      <FormSection title={t('content.section.basic')}>
        <LocalizedField
          path="name"
          label={t('field.name')}
          required
          value={value.name}
          onChange={(v) => set('name', v)}
          maxLength={200}
        />
        <DataTextField
          path="kana"
          label={t('field.kana')}
          hint={t('content.hint.kana')}
          optional
          lang="ja"
          value={value.kana}
          onChange={(v) => set('kana', v)}
          maxLength={200}
        />
        <CategoryField kind="spot" value={value.category} onChange={(v) => set('category', v)} />
        <TagsField value={value.tags} onChange={(v) => set('tags', v)} />
        <LocalizedField
          path="description"
          label={t('field.description')}
          multiline
          rows={8}
          value={value.description}
          onChange={(v) => set('description', v)}
          maxLength={8000}
        />
      </FormSection>
      <FormSection title={t('content.section.location')}>
        <LocalizedField
          path="address"
          label={t('field.address')}
          value={value.address}
          onChange={(v) => set('address', v)}
          maxLength={300}
        />
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
        <LocalizedField
          path="access"
          label={t('field.access')}
          multiline
          value={value.access}
          onChange={(v) => set('access', v)}
          maxLength={2000}
        />
        <LocalizedField
          path="parking"
          label={t('field.parking')}
          multiline
          rows={3}
          value={value.parking}
          onChange={(v) => set('parking', v)}
          maxLength={1000}
        />
      </FormSection>
      <FormSection title={t('content.section.barrierFree')}>
        <BarrierFreeFields value={value} onChange={onChange} />
      </FormSection>
      <FormSection title={t('content.section.contact')}>
        <ContactFields value={value.contact} onChange={(v) => set('contact', v)} />
        <DataTextField
          path="url"
          label={t('field.url')}
          hint={t('content.hint.url')}
          optional
          type="url"
          inputMode="url"
          value={value.url}
          onChange={(v) => set('url', v)}
          maxLength={2000}
        />
      </FormSection>
      <FormSection title={t('content.section.other')}>
        <LocalizedField
          path="notes"
          label={t('field.notes')}
          multiline
          rows={3}
          value={value.notes}
          onChange={(v) => set('notes', v)}
          maxLength={2000}
        />
        <DataTextField
          path="poiCode"
          label={t('field.poiCode')}
          hint={t('content.hint.poiCode')}
          optional
          value={value.poiCode}
          onChange={(v) => set('poiCode', v)}
          maxLength={64}
        />
      </FormSection>
    </>
  );
}

function BarrierFreeFields({ value, onChange }: { value: SpotData; onChange: (next: SpotData) => void }) {
  const t = useT();
  const { error } = useContentForm();
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
      <LocalizedField
        path="barrierFreeNote"
        label={t('field.barrierFreeNote')}
        multiline
        rows={3}
        value={value.barrierFreeNote}
        onChange={(barrierFreeNote) => onChange({ ...value, barrierFreeNote })}
        maxLength={1000}
      />
    </>
  );
}

/** 基本料金（円） and the details in every language; shared by spots and events. */
export function FeesFields({ value, onChange }: { value: Fees | undefined; onChange: (next: Fees) => void }) {
  const t = useT();
  const fees: Fees = value ?? { basicYen: null };
  return (
    <>
      <DataNumberField
        path="fees.basicYen"
        label={t('field.basicYen')}
        hint={t('content.hint.basicYen')}
        optional
        integer
        value={fees.basicYen ?? undefined}
        onChange={(basicYen) => onChange({ ...fees, basicYen: basicYen ?? null })}
      />
      <LocalizedField
        path="fees.detail"
        label={t('field.feeDetail')}
        hint={t('content.hint.feeDetail')}
        multiline
        rows={3}
        value={fees.detail}
        onChange={(detail) => onChange({ ...fees, detail })}
        maxLength={2000}
      />
    </>
  );
}

/** 問い合わせ先: name, phone and extension; shared by spots and events. */
export function ContactFields({
  value,
  onChange,
}: {
  value: Contact | undefined;
  onChange: (next: Contact) => void;
}) {
  const t = useT();
  const contact = value ?? {};
  return (
    <>
      <DataTextField
        path="contact.name"
        label={t('content.contact.name')}
        optional
        value={contact.name}
        onChange={(name) => onChange({ ...contact, name })}
        maxLength={200}
      />
      <div className="field-row">
        <DataTextField
          path="contact.phone"
          label={t('field.phone')}
          hint={t('content.hint.phone')}
          optional
          type="tel"
          autoComplete="off"
          value={contact.phone}
          onChange={(phone) => onChange({ ...contact, phone })}
          maxLength={30}
        />
        <DataTextField
          path="contact.extension"
          label={t('field.extension')}
          optional
          inputMode="numeric"
          className="input input-number"
          value={contact.extension}
          onChange={(extension) => onChange({ ...contact, extension })}
          maxLength={10}
        />
      </div>
    </>
  );
}
