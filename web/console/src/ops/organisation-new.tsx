import type { FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { createOrganisation, type NewOrganisation } from '../api';
import { SelectField } from '../components/fields';
import { AlertedForm } from '../components/form-alert';
import { PageHeading } from '../components/page-heading';
import { TextField, type TextFieldProps } from '../components/text-field';
import type { FieldIssues } from '../form';
import { useApiErrorHandler, useFormSubmit, useTextForm } from '../hooks';
import { useLang, useT } from '../i18n';
import { isPlausibleEmail, isValidLgCode, isValidServiceCode } from '../validation';
import type { OrganisationCreatedNotice } from './organisations';

type Field =
  | 'serviceCode'
  | 'nameJa'
  | 'nameEn'
  | 'lgCode'
  | 'dataRegion'
  | 'contractStart'
  | 'contractEnd'
  | 'admin.name'
  | 'admin.email';

const ORDER: readonly Field[] = [
  'serviceCode',
  'nameJa',
  'nameEn',
  'lgCode',
  'dataRegion',
  'contractStart',
  'contractEnd',
  'admin.name',
  'admin.email',
];

/** Data regions offered at provisioning (the service keeps data in Japan by default). */
const DATA_REGIONS = ['jp'] as const;

export function OrganisationNewPage() {
  const t = useT();
  const { lang } = useLang();
  const navigate = useNavigate();
  const handleError = useApiErrorHandler();
  const {
    form,
    onText: set,
    bind,
  } = useTextForm({
    serviceCode: '',
    nameJa: '',
    nameEn: '',
    lgCode: '',
    dataRegion: 'jp',
    contractStart: '',
    contractEnd: '',
    adminName: '',
    adminEmail: '',
  });
  const { status, message, submit: send } = useFormSubmit<Field>(handleError);
  // One text field of the form: its label is `ops.new.<key>`, its error the server's or ours for `field`.
  const textField = (
    key: Exclude<keyof typeof form, 'dataRegion'>,
    field: Field,
    props: Omit<TextFieldProps, 'label' | 'error' | 'name' | 'value' | 'onChange'>,
  ) => <TextField {...props} label={t(`ops.new.${key}`)} error={message(field)} name={key} {...bind(key)} />;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const serviceCode = form.serviceCode.trim();
    const lgCode = form.lgCode.trim();
    const fields: FieldIssues<Field> = {};
    if (serviceCode === '') fields.serviceCode = { key: 'ops.new.serviceCodeRequired' };
    else if (!isValidServiceCode(serviceCode)) fields.serviceCode = { key: 'ops.new.serviceCodeInvalid' };
    if (form.nameJa.trim() === '') fields.nameJa = { key: 'ops.new.nameJaRequired' };
    if (form.nameEn.trim() === '') fields.nameEn = { key: 'ops.new.nameEnRequired' };
    if (lgCode !== '' && !isValidLgCode(lgCode)) fields.lgCode = { key: 'ops.new.lgCodeInvalid' };
    if (form.contractStart && form.contractEnd && form.contractEnd < form.contractStart)
      fields.contractEnd = { key: 'ops.new.contractOrder' };
    if (form.adminName.trim() === '') fields['admin.name'] = { key: 'ops.new.adminNameRequired' };
    if (form.adminEmail.trim() === '') fields['admin.email'] = { key: 'ops.new.adminEmailRequired' };
    else if (!isPlausibleEmail(form.adminEmail)) fields['admin.email'] = { key: 'users.emailInvalid' };
    const input: NewOrganisation = {
      serviceCode,
      nameJa: form.nameJa.trim(),
      nameEn: form.nameEn.trim(),
      ...(lgCode ? { lgCode } : {}),
      ...(form.dataRegion ? { dataRegion: form.dataRegion } : {}),
      ...(form.contractStart ? { contractStart: form.contractStart } : {}),
      ...(form.contractEnd ? { contractEnd: form.contractEnd } : {}),
      admin: { name: form.adminName.trim(), email: form.adminEmail.trim() },
    };
    send(fields, async () => {
      const org = await createOrganisation(input);
      const created: OrganisationCreatedNotice = {
        name: (lang === 'en' ? org?.nameEn : org?.nameJa) || input.nameJa,
        serviceCode: org?.serviceCode ?? serviceCode,
        email: input.admin.email,
      };
      navigate('/', { state: { created } });
    });
  }

  return (
    <>
      <PageHeading title={t('ops.new.title')} lead={t('ops.new.intro')} />
      <AlertedForm
        status={status}
        order={ORDER}
        onSubmit={submit}
        className="form-narrow"
        labels={['ops.new.submit', 'ops.new.submitting']}
        actions={<Link to="/">{t('ops.notFound.back')}</Link>}
      >
        <fieldset className="fieldset">
          <legend>{t('ops.new.orgLegend')}</legend>
          {textField('serviceCode', 'serviceCode', {
            hint: t('ops.new.serviceCodeHint'),
            typing: 'verbatim',
            autoComplete: 'off',
            maxLength: 32,
          })}
          {textField('nameJa', 'nameJa', { type: 'text', lang: 'ja', autoComplete: 'off' })}
          {textField('nameEn', 'nameEn', { type: 'text', lang: 'en', autoComplete: 'off' })}
          {textField('lgCode', 'lgCode', {
            hint: t('ops.new.lgCodeHint'),
            optional: true,
            type: 'text',
            inputMode: 'numeric',
            autoComplete: 'off',
            maxLength: 6,
          })}
          <SelectField
            label={t('ops.new.dataRegion')}
            error={message('dataRegion')}
            name="dataRegion"
            className="input"
            value={form.dataRegion}
            onChange={set('dataRegion')}
            options={DATA_REGIONS.map((region) => ({
              value: region,
              label: `${t('region.jp')} (${region})`,
            }))}
          />
          {textField('contractStart', 'contractStart', {
            optional: true,
            typing: 'date',
          })}
          {textField('contractEnd', 'contractEnd', {
            optional: true,
            typing: 'date',
          })}
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t('ops.new.adminLegend')}</legend>
          <p className="field-hint">{t('ops.new.adminHint')}</p>
          {textField('adminName', 'admin.name', { type: 'text', autoComplete: 'off' })}
          {textField('adminEmail', 'admin.email', { typing: 'email', autoComplete: 'off' })}
        </fieldset>
      </AlertedForm>
      <p className="field-hint">{t('ops.new.auditNote')}</p>
    </>
  );
}
