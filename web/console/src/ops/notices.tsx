import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { columnNames, DataTable } from '../components/data-table';
import { SelectField, TextAreaField } from '../components/fields';
import { FormPanel } from '../components/form-alert';
import { ListView } from '../components/list-parts';
import { PageHeading } from '../components/page-heading';
import { StatusMessage } from '../components/status-message';
import { TextField, type TextFieldProps } from '../components/text-field';
import type { FieldIssues } from '../form';
import { formatJst } from '../format';
import { useApiErrorHandler, useFormSubmit, useLoad, useTextForm } from '../hooks';
import { useLang, useT } from '../i18n';
import { jstLocalToIso } from '../jst';
import { NOTICE_CATEGORY_KEYS } from '../notice-labels';
import {
  createNotice,
  fetchNotices,
  inLanguage,
  type NewNotice,
  type NoticeCategory,
  type NoticeSummary,
  parseServiceCodes,
} from '../notices';
import '../i18n-notices';

type Field =
  | 'category'
  | 'title.ja'
  | 'title.en'
  | 'body.ja'
  | 'body.en'
  | 'window.start'
  | 'window.end'
  | 'audience'
  | 'audience.organisations'
  | 'publishAt';

const ORDER: readonly Field[] = [
  'category',
  'title.ja',
  'title.en',
  'body.ja',
  'body.en',
  'window.start',
  'window.end',
  'audience',
  'audience.organisations',
  'publishAt',
];

const CATEGORIES: readonly NoticeCategory[] = ['maintenance', 'change', 'security'];

/** お知らせ (operators): every notice with its delivery figures, and the form to write one. */
export function OpsNoticesPage() {
  const t = useT();
  const load = useLoad(fetchNotices, []);
  return (
    <>
      <PageHeading title={t('ops.notices.title')} lead={t('ops.notices.intro')} />
      <NoticeForm onCreated={load.retry} />
      <ListView load={load} failedMessage={t('ops.notices.loadFailed')} empty={t('ops.notices.empty')}>
        {(items) => <NoticesTable items={items} />}
      </ListView>
    </>
  );
}

function NoticesTable({ items }: { items: NoticeSummary[] }) {
  const t = useT();
  const { lang } = useLang();
  return (
    <DataTable
      caption={t('ops.notices.caption', { count: items.length })}
      columns={columnNames(t, 'ops.notices.col', ['publish', 'title', 'status', 'orgs', 'mail', 'ack'])}
    >
      {items.map((n) => (
        <tr key={n.id}>
          <th scope="row">{formatJst(n.publishedAt ?? n.publishAt)}</th>
          <td>
            <span className="badge">{t(NOTICE_CATEGORY_KEYS[n.category])}</span>{' '}
            <Link to={`/notices/${n.id}`}>{inLanguage(n.title, lang)}</Link>
          </td>
          <td>
            {t(n.status === 'published' ? 'ops.notices.status.published' : 'ops.notices.status.scheduled')}
          </td>
          <td>
            {n.audience === 'all' && n.status === 'scheduled'
              ? t('ops.notices.audienceAll')
              : n.organisations}
          </td>
          <td>
            {n.mailed} / {n.mailPending}
          </td>
          <td>
            {n.acknowledged} / {n.recipients}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function NoticeForm({ onCreated }: { onCreated: () => void }) {
  const t = useT();
  const handleError = useApiErrorHandler();
  const { status, message, field: bindField, submit: send } = useFormSubmit<Field>(handleError);
  const [done, setDone] = useState(false);
  const empty = {
    category: 'maintenance' as NoticeCategory,
    titleJa: '',
    titleEn: '',
    bodyJa: '',
    bodyEn: '',
    windowStart: '',
    windowEnd: '',
    audience: 'all',
    organisations: '',
    publishAt: '',
  };
  const { form, setForm, onText: set, setText } = useTextForm(empty);
  type Key = Exclude<keyof typeof form, 'category' | 'audience'>;
  // One field of the form: its label is `ops.notices.<key>`, its error the server's or ours for `field`.
  const bind = (key: Key, field: Field) => ({
    label: t(`ops.notices.${key}`),
    error: message(field),
    name: field,
    value: form[key],
    onChange: set(key),
  });
  const text = (key: Key, field: Field, props: Omit<TextFieldProps, 'label'>) => (
    <TextField {...props} {...bind(key, field)} />
  );
  const area = (key: Key, field: Field, props: { lang: string; optional?: boolean }) => (
    <TextAreaField {...props} {...bind(key, field)} rows={6} />
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(false);
    const fields: FieldIssues<Field> = {};
    if (form.titleJa.trim() === '') fields['title.ja'] = { key: 'ops.notices.titleJaRequired' };
    if (form.bodyJa.trim() === '') fields['body.ja'] = { key: 'ops.notices.bodyJaRequired' };
    const start = jstLocalToIso(form.windowStart);
    const end = jstLocalToIso(form.windowEnd);
    if (!!form.windowStart !== !!form.windowEnd) fields['window.end'] = { key: 'ops.notices.windowBoth' };
    const codes = parseServiceCodes(form.organisations);
    if (form.audience === 'list' && codes.length === 0)
      fields['audience.organisations'] = { key: 'ops.notices.organisationsRequired' };
    const publishAt = jstLocalToIso(form.publishAt);
    const input: NewNotice = {
      category: form.category,
      title: { ja: form.titleJa.trim(), en: form.titleEn.trim() },
      body: { ja: form.bodyJa, en: form.bodyEn },
      ...(start && end ? { window: { start, end } } : {}),
      audience: form.audience === 'all' ? 'all' : { organisations: codes },
      ...(publishAt ? { publishAt } : {}),
    };
    send(fields, async () => {
      await createNotice(input);
      setForm(empty);
      setDone(true);
      onCreated();
    });
  }

  return (
    <FormPanel
      id="notice-new"
      title={t('ops.notices.new')}
      before={<StatusMessage message={done ? t('ops.notices.created') : undefined} />}
      after={<p className="field-hint">{t('ops.notices.auditNote')}</p>}
      status={status}
      order={ORDER}
      onSubmit={submit}
      labels={['ops.notices.submit', 'ops.notices.submitting']}
    >
      <SelectField
        label={t('ops.notices.category')}
        {...bindField('category', form.category, setText('category'))}
        options={CATEGORIES.map((c) => ({ value: c, label: t(NOTICE_CATEGORY_KEYS[c]) }))}
      />
      {text('titleJa', 'title.ja', { lang: 'ja', maxLength: 200 })}
      {text('titleEn', 'title.en', { lang: 'en', maxLength: 200, optional: true })}
      {area('bodyJa', 'body.ja', { lang: 'ja' })}
      {area('bodyEn', 'body.en', { lang: 'en', optional: true })}
      {text('windowStart', 'window.start', { typing: 'dateTime', optional: true })}
      {text('windowEnd', 'window.end', { typing: 'dateTime', optional: true })}
      <SelectField
        label={t('ops.notices.audience')}
        {...bindField('audience', form.audience, setText('audience'))}
        options={[
          { value: 'all', label: t('ops.notices.audienceAll') },
          { value: 'list', label: t('ops.notices.audienceList') },
        ]}
      />
      {form.audience === 'list' && text('organisations', 'audience.organisations', { typing: 'verbatim' })}
      {text('publishAt', 'publishAt', { typing: 'dateTime', optional: true })}
    </FormPanel>
  );
}
