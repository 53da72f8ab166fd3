import type { ReactNode } from 'react';
import type { Contact, Fees, LocalizedText } from '../../content/model';
import { useT } from '../../i18n';
import { CategoryField, DataNumberField, DataTextField, TagsField } from './data-fields';
import { FormSection, useFieldBinder } from './form-section';
import { LocalizedField } from './localized-field';
import '../../i18n-content';

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
  const bind = useFieldBinder(value, onPatch);
  return (
    <FormSection title={t('content.section.basic')}>
      <LocalizedField {...bind('name')} required maxLength={200} />
      {kind && (
        <>
          <DataTextField {...bind('kana')} hint={t('content.hint.kana')} optional lang="ja" maxLength={200} />
          <CategoryField kind={kind} value={value.category} onChange={(category) => onPatch({ category })} />
        </>
      )}
      <TagsField value={value.tags} onChange={(tags) => onPatch({ tags })} />
      <LocalizedField {...bind('description')} lines={descriptionRows} maxLength={8000} />
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
  const bind = useFieldBinder(value, onPatch);
  return (
    <>
      <LocalizedField {...bind('access')} lines={5} maxLength={2000} />
      <LocalizedField {...bind('parking')} lines={3} maxLength={1000} />
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
  const bind = useFieldBinder(value, onPatch);
  return (
    <FormSection title={t('content.section.contact')}>
      <ContactFields value={value.contact} onChange={(contact) => onPatch({ contact })} />
      <DataTextField
        {...bind('url')}
        hint={t('content.hint.url')}
        optional
        type="url"
        inputMode="url"
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
  const bind = useFieldBinder(value, onPatch);
  return (
    <FormSection title={t('content.section.other')}>
      <LocalizedField {...bind('notes')} lines={3} maxLength={2000} />
      {children}
    </FormSection>
  );
}

/** 基本料金（円） and the details in every language. */
export function FeesFields({ value, onChange }: { value: Fees | undefined; onChange: (next: Fees) => void }) {
  const t = useT();
  const fees: Fees = value ?? { basicYen: null };
  const bindFees = useFieldBinder(fees, (part) => onChange({ ...fees, ...part }), 'fees.');
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
        {...bindFees('detail')}
        label={t('field.feeDetail')}
        hint={t('content.hint.feeDetail')}
        lines={3}
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
  const bindContact = useFieldBinder(contact, (part) => onChange({ ...contact, ...part }), 'contact.');
  return (
    <>
      <DataTextField {...bindContact('name')} label={t('content.contact.name')} optional maxLength={200} />
      <div className="field-row">
        <DataTextField
          {...bindContact('phone')}
          hint={t('content.hint.phone')}
          optional
          type="tel"
          autoComplete="off"
          maxLength={30}
        />
        <DataTextField
          {...bindContact('extension')}
          optional
          inputMode="numeric"
          className="input input-number"
          maxLength={10}
        />
      </div>
    </>
  );
}
