import { type FormEvent, useState } from 'react';
import { SelectField, TextAreaField } from '../components/fields';
import { AlertedForm, FormPanel } from '../components/form-alert';
import { IncidentTimeline } from '../components/incident-timeline';
import { ListView } from '../components/list-parts';
import { PageHeading } from '../components/page-heading';
import { TextField } from '../components/text-field';
import type { FieldIssues } from '../form';
import { useApiErrorHandler, useFormSubmit, useLoad, useTextForm } from '../hooks';
import { useLang, useT } from '../i18n';
import {
  addIncidentUpdate,
  fetchOpsIncidents,
  INCIDENT_SEVERITIES,
  INCIDENT_STATUS_KEYS,
  type IncidentSeverity,
  type IncidentStatus,
  type OpsIncident,
  openIncident,
  publishIncidentReport,
  SEVERITY_KEYS,
} from '../incidents';
import { inLanguage, parseServiceCodes } from '../notices';
import '../i18n-notices';

const STATUSES: readonly IncidentStatus[] = ['identified', 'monitoring', 'resolved', 'investigating'];

/** 障害対応 (operators): open an incident, add its timeline updates, publish its report. */
export function OpsIncidentsPage() {
  const t = useT();
  const { lang } = useLang();
  const load = useLoad(fetchOpsIncidents, []);
  return (
    <>
      <PageHeading title={t('ops.incidents.title')} lead={t('ops.incidents.intro')} />
      <OpenIncidentForm onDone={load.retry} />
      <ListView load={load} failedMessage={t('incidents.loadFailed')} empty={t('ops.incidents.empty')}>
        {(items) =>
          items.map((incident) => (
            <article key={incident.id} className="panel notice-item">
              <h2>{inLanguage(incident.title, lang)}</h2>
              <p>
                {t('ops.notices.col.orgs')}: {incident.organisations.join(', ')}
              </p>
              <IncidentTimeline incident={incident} />
              {incident.status !== 'resolved' ? (
                <UpdateForm incident={incident} onDone={load.retry} />
              ) : (
                !incident.report && <ReportForm incident={incident} onDone={load.retry} />
              )}
            </article>
          ))
        }
      </ListView>
    </>
  );
}

type OpenField =
  | 'title.ja'
  | 'title.en'
  | 'impact.ja'
  | 'severity'
  | 'functions'
  | 'organisations'
  | 'message.ja';
const OPEN_ORDER: readonly OpenField[] = [
  'title.ja',
  'title.en',
  'impact.ja',
  'severity',
  'functions',
  'organisations',
  'message.ja',
];

function OpenIncidentForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const { status, field, submit } = useFormSubmit<OpenField>(useApiErrorHandler());
  const empty = {
    titleJa: '',
    titleEn: '',
    impact: '',
    severity: 'major',
    functions: '',
    organisations: '',
    text: '',
  };
  const { form, setForm, setText: on } = useTextForm(empty);

  function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields: FieldIssues<OpenField> = {};
    const organisations = form.organisations.trim() === 'all' ? 'all' : parseServiceCodes(form.organisations);
    if (form.titleJa.trim() === '') fields['title.ja'] = { key: 'ops.notices.titleJaRequired' };
    if (form.impact.trim() === '') fields['impact.ja'] = { key: 'ops.incidents.required' };
    if (form.text.trim() === '') fields['message.ja'] = { key: 'ops.incidents.required' };
    if (organisations !== 'all' && organisations.length === 0)
      fields.organisations = { key: 'ops.notices.organisationsRequired' };
    submit(fields, async () => {
      await openIncident({
        title: { ja: form.titleJa, en: form.titleEn },
        impact: { ja: form.impact },
        severity: form.severity as IncidentSeverity,
        functions: form.functions
          .split(/[,、]/)
          .map((f) => f.trim())
          .filter(Boolean),
        organisations,
        message: { ja: form.text },
      });
      setForm(empty);
      onDone();
    });
  }

  return (
    <FormPanel
      id="incident-open"
      title={t('ops.incidents.open')}
      status={status}
      order={OPEN_ORDER}
      onSubmit={send}
      labels={['ops.incidents.openSubmit', 'ops.notices.submitting']}
    >
      <TextField
        label={t('ops.notices.titleJa')}
        lang="ja"
        {...field('title.ja', form.titleJa, on('titleJa'))}
      />
      <TextField
        label={t('ops.notices.titleEn')}
        lang="en"
        optional
        {...field('title.en', form.titleEn, on('titleEn'))}
      />
      <TextField label={t('incidents.impact')} lang="ja" {...field('impact.ja', form.impact, on('impact'))} />
      <SelectField
        label={t('incidents.severity')}
        {...field('severity', form.severity, on('severity'))}
        options={INCIDENT_SEVERITIES.map((s) => ({ value: s, label: t(SEVERITY_KEYS[s]) }))}
      />
      <TextField
        label={t('incidents.functions')}
        optional
        {...field('functions', form.functions, on('functions'))}
      />
      <TextField
        label={t('ops.incidents.organisations')}
        typing="verbatim"
        {...field('organisations', form.organisations, on('organisations'))}
      />
      <TextField
        label={t('ops.incidents.message')}
        lang="ja"
        {...field('message.ja', form.text, on('text'))}
      />
    </FormPanel>
  );
}

function UpdateForm({ incident, onDone }: { incident: OpsIncident; onDone: () => void }) {
  const t = useT();
  const { status, field, submit } = useFormSubmit<'status' | 'message.ja'>(useApiErrorHandler());
  const [next, setNext] = useState<IncidentStatus>('identified');
  const [text, setText] = useState('');
  function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    submit(text.trim() === '' ? { 'message.ja': { key: 'ops.incidents.required' } } : {}, async () => {
      await addIncidentUpdate(incident.id, { status: next, message: { ja: text } });
      setText('');
      onDone();
    });
  }
  return (
    <AlertedForm
      status={status}
      order={['status', 'message.ja']}
      onSubmit={send}
      className="form-narrow"
      labels={['ops.incidents.update', 'ops.notices.submitting']}
    >
      <SelectField
        label={t('incidents.statusLabel')}
        {...field('status', next, (value) => setNext(value as IncidentStatus))}
        options={STATUSES.map((s) => ({ value: s, label: t(INCIDENT_STATUS_KEYS[s]) }))}
      />
      <TextAreaField label={t('ops.incidents.message')} lang="ja" {...field('message.ja', text, setText)} />
    </AlertedForm>
  );
}

type ReportField = 'whatHappened.ja' | 'dataAffected.ja' | 'actions.ja';

function ReportForm({ incident, onDone }: { incident: OpsIncident; onDone: () => void }) {
  const t = useT();
  const { status, field, submit } = useFormSubmit<ReportField>(useApiErrorHandler());
  const { form: report, setText: on } = useTextForm({ whatHappened: '', dataAffected: '', actions: '' });
  function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields: FieldIssues<ReportField> = {};
    for (const key of ['whatHappened', 'dataAffected', 'actions'] as const)
      if (report[key].trim() === '') fields[`${key}.ja`] = { key: 'ops.incidents.required' };
    submit(fields, async () => {
      await publishIncidentReport(incident.id, {
        whatHappened: { ja: report.whatHappened },
        dataAffected: { ja: report.dataAffected },
        actions: { ja: report.actions },
      });
      onDone();
    });
  }
  return (
    <AlertedForm
      status={status}
      order={['whatHappened.ja', 'dataAffected.ja', 'actions.ja']}
      onSubmit={send}
      className="form-narrow"
      labels={['ops.incidents.report', 'ops.notices.submitting']}
    >
      <TextField
        label={t('incidents.report.whatHappened')}
        {...field('whatHappened.ja', report.whatHappened, on('whatHappened'))}
      />
      <TextField
        label={t('incidents.report.dataAffected')}
        {...field('dataAffected.ja', report.dataAffected, on('dataAffected'))}
      />
      <TextField
        label={t('incidents.report.actions')}
        {...field('actions.ja', report.actions, on('actions'))}
      />
    </AlertedForm>
  );
}
