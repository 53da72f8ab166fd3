import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { SelectField, TextAreaField } from '../components/fields';
import { FormPanel } from '../components/form-alert';
import { ListView } from '../components/list-parts';
import { PageHeading } from '../components/page-heading';
import { StatusMessage } from '../components/status-message';
import { TicketTable } from '../components/support-parts';
import { TextField } from '../components/text-field';
import type { FieldIssues } from '../form';
import { useApiErrorHandler, useFormSubmit, useLoad } from '../hooks';
import { useT } from '../i18n';
import { fetchOwnTickets, reportTicket, SUPPORT_CATEGORIES, type SupportCategory } from '../support';
import { CATEGORY_KEYS } from '../support-labels';
import '../i18n-support';

type ReportField = 'category' | 'subject' | 'description' | 'file';
const ORDER: readonly ReportField[] = ['category', 'subject', 'description', 'file'];

/** サポート窓口: the report form and my reports (admins: every report of the organisation). */
export function SupportPage() {
  const t = useT();
  const load = useLoad(fetchOwnTickets, []);
  return (
    <>
      <PageHeading title={t('module.support.title')} lead={t('support.intro')} />
      <ReportForm onDone={load.retry} />
      <section aria-labelledby="support-list">
        <h2 id="support-list">{t('support.list.title')}</h2>
        <ListView load={load} failedMessage={t('support.list.loadFailed')} empty={t('support.list.empty')}>
          {(items) => (
            <TicketTable
              items={items}
              link={(ticket) => <Link to={`/support/${ticket.id}`}>{ticket.subject}</Link>}
            />
          )}
        </ListView>
      </section>
    </>
  );
}

function ReportForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const { status, message, field, submit } = useFormSubmit<ReportField>(useApiErrorHandler());
  const [category, setCategory] = useState<SupportCategory>('inquiry');
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [inputKey, setInputKey] = useState(0);
  const [sent, setSent] = useState<string | undefined>();

  function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSent(undefined);
    const issues: FieldIssues<ReportField> = {};
    if (subject.trim() === '') issues.subject = { key: 'support.form.subjectRequired' };
    if (description.trim() === '') issues.description = { key: 'support.form.descriptionRequired' };
    submit(issues, async () => {
      await reportTicket({ category, subject, description }, files);
      setSubject('');
      setDescription('');
      setFiles([]);
      setInputKey((k) => k + 1);
      setSent(t('support.form.sent'));
      onDone();
    });
  }

  return (
    <FormPanel
      id="support-form"
      title={t('support.form.title')}
      before={<StatusMessage message={sent} />}
      status={status}
      order={ORDER}
      onSubmit={send}
      labels={['support.form.submit', 'support.form.submitting']}
    >
      <SelectField
        label={t('support.form.category')}
        {...field('category', category, (value) => setCategory(value as SupportCategory))}
        options={SUPPORT_CATEGORIES.map((c) => ({ value: c, label: t(CATEGORY_KEYS[c]) }))}
      />
      <TextField
        label={t('support.form.subject')}
        required
        maxLength={200}
        {...field('subject', subject, setSubject)}
      />
      <TextAreaField
        label={t('support.form.description')}
        hint={t('support.form.descriptionHint')}
        required
        rows={6}
        maxLength={10_000}
        {...field('description', description, setDescription)}
      />
      <TextField
        key={inputKey}
        label={t('support.form.files')}
        hint={t('support.form.filesHint')}
        type="file"
        name="file"
        multiple
        optional
        accept="image/jpeg,image/png,image/webp,image/gif,image/avif,application/pdf,video/mp4,video/webm"
        error={message('file')}
        onChange={(e) => setFiles([...(e.target.files ?? [])].slice(0, 5))}
      />
    </FormPanel>
  );
}
