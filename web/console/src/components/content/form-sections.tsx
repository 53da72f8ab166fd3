import type { ReactNode } from 'react';
import type { Contact, Fees, LocalizedText } from '../../content/model';
import { useT } from '../../i18n';
import { CategoryField, DataNumberField, DataTextField, TagsField } from './data-fields';
import { FormSection } from './form-section';
import { LocalizedField } from './localized-field';

/*
 * Sections and field groups that several content forms share (spot, event, course): each takes
 * the part of the item it shows and answers a patch, so one form's data type fits them all.
 */

type Patch<T> = (patch: Partial<T>) => void;

interface BasicData {
  name: LocalizedText;
  kana?: string | undefined;
  category?: string | undefined;
  tags?: string[] | undefined;
  description?: LocalizedText | undefined;
}

/**
 * 基本情報: name, reading and category (spots and events), tags and description; `children`
 * adds the kind's own fields at the end.
 */
export function BasicSection({
  value,
  onPatch,
  kind,
  descriptionRows = 8,
  children,
}: {
  value: BasicData;
  onPatch: Patch<BasicData>;
  /** Spots and events have a reading (kana) and a category; courses have neither. */
  kind?: 'spot' | 'event';
  descriptionRows?: number;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <FormSection title={t('content.section.basic')}>
      <LocalizedField
        path="name"
        label={t('field.name')}
        required
        value={value.name}
        onChange={(name) => onPatch({ name })}
        maxLength={200}
      />
      {kind && (
        <>
          <DataTextField
            path="kana"
            label={t('field.kana')}
            hint={t('content.hint.kana')}
            optional
            lang="ja"
            value={value.kana}
            onChange={(kana) => onPatch({ kana })}
            maxLength={200}
          />
          <CategoryField kind={kind} value={value.category} onChange={(category) => onPatch({ category })} />
        </>
      )}
      <TagsField value={value.tags} onChange={(tags) => onPatch({ tags })} />
      <LocalizedField
        path="description"
        label={t('field.description')}
        multiline
        rows={descriptionRows}
        value={value.description}
        onChange={(description) => onPatch({ description })}
        maxLength={8000}
      />
      {children}
    </FormSection>
  );
}

interface AccessData {
  access?: LocalizedText | undefined;
  parking?: LocalizedText | undefined;
}

/** 交通アクセス and 駐車場. */
export function AccessFields({ value, onPatch }: { value: AccessData; onPatch: Patch<AccessData> }) {
  const t = useT();
  return (
    <>
      <LocalizedField
        path="access"
        label={t('field.access')}
        multiline
        value={value.access}
        onChange={(access) => onPatch({ access })}
        maxLength={2000}
      />
      <LocalizedField
        path="parking"
        label={t('field.parking')}
        multiline
        rows={3}
        value={value.parking}
        onChange={(parking) => onPatch({ parking })}
        maxLength={1000}
      />
    </>
  );
}

interface ContactData {
  contact?: Contact | undefined;
  url?: string | undefined;
}

/** 問い合わせ先: the contact and the web page. */
export function ContactSection({ value, onPatch }: { value: ContactData; onPatch: Patch<ContactData> }) {
  const t = useT();
  return (
    <FormSection title={t('content.section.contact')}>
      <ContactFields value={value.contact} onChange={(contact) => onPatch({ contact })} />
      <DataTextField
        path="url"
        label={t('field.url')}
        hint={t('content.hint.url')}
        optional
        type="url"
        inputMode="url"
        value={value.url}
        onChange={(url) => onPatch({ url })}
        maxLength={2000}
      />
    </FormSection>
  );
}

/** その他: notes, and the kind's own fields after them. */
export function OtherSection({
  value,
  onPatch,
  children,
}: {
  value: { notes?: LocalizedText | undefined };
  onPatch: Patch<{ notes?: LocalizedText | undefined }>;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <FormSection title={t('content.section.other')}>
      <LocalizedField
        path="notes"
        label={t('field.notes')}
        multiline
        rows={3}
        value={value.notes}
        onChange={(notes) => onPatch({ notes })}
        maxLength={2000}
      />
      {children}
    </FormSection>
  );
}

/** 基本料金（円） and the details in every language. */
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

/** 問い合わせ先: name, phone and extension. */
function ContactFields({
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
