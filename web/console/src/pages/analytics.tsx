import {
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import {
  type AnalyticsBreakdownRow,
  type AnalyticsRange,
  type AnalyticsSummary,
  type AnalyticsTopItem,
  analyticsCsvUrl,
  fetchAnalyticsSummary,
  lastDays,
  RANGE_PRESETS,
  type RangeIssue,
  rangeIssues,
  share,
  shortDay,
  titleIn,
} from '../analytics';
import { NoAccess } from '../components/admin-only';
import { Button } from '../components/button';
import { columnNames, DataTable } from '../components/data-table';
import { ExportLink } from '../components/export-link';
import { DateRangeFields, FilterForm } from '../components/list-parts';
import { LoadView } from '../components/load-state';
import { PageHeading } from '../components/page-heading';
import { CONTENT_LANG_KEYS } from '../content/labels';
import { formatDate } from '../format';
import { useLoad } from '../hooks';
import { type MessageKey, type TFunction, useLang, useT } from '../i18n';
import { allows, moduleLevel } from '../rights';
import { useSession } from '../session';
import '../i18n-analytics';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend);

/** /analytics: アクセス解析 — visitor statistics of the public site (analytics right, view). */
export function AnalyticsPage() {
  const t = useT();
  const { user } = useSession();
  if (!allows(moduleLevel(user, 'analytics'), 'view')) {
    return <NoAccess title={t('module.analytics.title')} />;
  }
  return <AnalyticsDashboard />;
}

const ISSUE_KEYS: Record<RangeIssue, MessageKey> = {
  invalid: 'analytics.range.invalid',
  order: 'analytics.range.order',
  tooLong: 'analytics.range.tooLong',
};

function AnalyticsDashboard() {
  const t = useT();
  const id = useId();
  const [applied, setApplied] = useState<AnalyticsRange>(() => lastDays(30));
  const [form, setForm] = useState<AnalyticsRange>(applied);
  const [issues, setIssues] = useState<ReturnType<typeof rangeIssues>>({});

  const load = useLoad(() => fetchAnalyticsSummary(applied), [applied.from, applied.to]);

  function apply(range: AnalyticsRange) {
    const found = rangeIssues(range);
    setIssues(found);
    if (found.from || found.to) {
      document.getElementById(`${id}-${found.from ? 'from' : 'to'}`)?.focus();
      return;
    }
    setForm(range);
    if (range.from === applied.from && range.to === applied.to) load.retry();
    else setApplied(range);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    apply(form);
  }

  return (
    <>
      <PageHeading title={t('module.analytics.title')} lead={t('analytics.intro')} />
      <p className="notice">{t('analytics.privacy')}</p>
      <p className="field-hint">{t('analytics.manualHint')}</p>

      <FilterForm
        title={t('analytics.range.title')}
        hint={t('analytics.range.hint')}
        onSubmit={submit}
        submitLabel={t('analytics.range.submit')}
        after={
          <fieldset className="preset-row">
            <legend>{t('analytics.range.presets')}</legend>
            {RANGE_PRESETS.map((days) => (
              <Button look="secondary" key={days} onClick={() => apply(lastDays(days))}>
                {t('analytics.range.preset', { days })}
              </Button>
            ))}
          </fieldset>
        }
      >
        <DateRangeFields
          id={id}
          from={{
            label: t('analytics.range.from'),
            error: issues.from ? t(ISSUE_KEYS[issues.from]) : undefined,
            value: form.from,
            onChange: (from) => setForm((f) => ({ ...f, from })),
          }}
          to={{
            label: t('analytics.range.to'),
            error: issues.to ? t(ISSUE_KEYS[issues.to]) : undefined,
            value: form.to,
            onChange: (to) => setForm((f) => ({ ...f, to })),
          }}
        />
      </FilterForm>

      <ExportLink
        href={analyticsCsvUrl(applied)}
        label={t('analytics.export')}
        hint={t('analytics.exportHint')}
      />

      <LoadView load={load} failedMessage={t('analytics.loadFailed')}>
        {(summary) => <Figures summary={summary} />}
      </LoadView>
    </>
  );
}

function Figures({ summary }: { summary: AnalyticsSummary }) {
  const t = useT();
  const from = formatDate(summary.from) ?? summary.from;
  const to = formatDate(summary.to) ?? summary.to;
  const total = summary.totals.views;
  return (
    <>
      <p role="status" className="secondary-text">
        {t('analytics.range.showing', { from, to })}
      </p>
      <dl className="analytics-totals">
        <div>
          <dt>{t('analytics.total.views')}</dt>
          <dd>{summary.totals.views.toLocaleString()}</dd>
        </div>
        <div>
          <dt>{t('analytics.total.visitors')}</dt>
          <dd>{summary.totals.visitors.toLocaleString()}</dd>
        </div>
      </dl>
      <p className="field-hint">{t('analytics.total.visitorsHint')}</p>

      <section aria-labelledby="analytics-chart">
        <h2 id="analytics-chart">{t('analytics.chart.title')}</h2>
        <DailyChart summary={summary} label={t('analytics.chart.label', { from, to, ...summary.totals })} />
        <details className="analytics-table-toggle">
          <summary>{t('analytics.chart.tableToggle')}</summary>
          <DataTable
            caption={t('analytics.chart.caption')}
            columns={[t('analytics.col.day'), t('analytics.col.views'), t('analytics.col.visitors')]}
          >
            {summary.days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{formatDate(d.day)}</th>
                <td className="number-cell">{d.views}</td>
                <td className="number-cell">{d.visitors}</td>
              </tr>
            ))}
          </DataTable>
        </details>
      </section>

      <div className="analytics-grid">
        <TopTable title={t('analytics.topSpots')} items={summary.topSpots} path="spots" />
        <TopTable title={t('analytics.topEvents')} items={summary.topEvents} path="events" />
        <BreakdownTable
          title={t('analytics.languages')}
          rows={summary.languages}
          total={total}
          label={(v) => languageLabel(v, t)}
        />
        <BreakdownTable
          title={t('analytics.referrers')}
          rows={summary.referrers}
          total={total}
          label={(v) => (v === '' ? t('analytics.referrerNone') : v)}
        />
        <BreakdownTable
          title={t('analytics.devices')}
          rows={summary.devices}
          total={total}
          label={(v) => (v in DEVICE_KEYS ? t(DEVICE_KEYS[v]!) : v)}
        />
        <BreakdownTable
          title={t('analytics.pages')}
          rows={summary.pages}
          total={total}
          label={(v) => (v in PAGE_KEYS ? t(PAGE_KEYS[v]!) : v)}
        />
      </div>
    </>
  );
}

const DEVICE_KEYS: Record<string, MessageKey> = {
  mobile: 'analytics.device.mobile',
  tablet: 'analytics.device.tablet',
  desktop: 'analytics.device.desktop',
};

const PAGE_KEYS: Record<string, MessageKey> = {
  home: 'analytics.page.home',
  spots: 'analytics.page.spots',
  'spots/:id': 'analytics.page.spotDetail',
  events: 'analytics.page.events',
  'events/:id': 'analytics.page.eventDetail',
  courses: 'analytics.page.courses',
  'courses/:id': 'analytics.page.courseDetail',
  articles: 'analytics.page.articles',
  'articles/:id': 'analytics.page.articleDetail',
  search: 'analytics.page.search',
  privacy: 'analytics.page.privacy',
};

function languageLabel(value: string, t: TFunction): string {
  const key = (CONTENT_LANG_KEYS as Record<string, MessageKey>)[value];
  return key ? t(key) : value;
}

/** Views (and visitors) per day as a line chart; the table beside it carries the same figures. */
function DailyChart({ summary, label }: { summary: AnalyticsSummary; label: string }) {
  const t = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'line',
      data: {
        labels: summary.days.map((d) => shortDay(d.day)),
        datasets: [
          {
            label: t('analytics.col.views'),
            data: summary.days.map((d) => d.views),
            borderColor: '#0b5394',
            backgroundColor: '#0b5394',
            tension: 0.2,
          },
          {
            label: t('analytics.col.visitors'),
            data: summary.days.map((d) => d.visitors),
            borderColor: '#b45309',
            backgroundColor: '#b45309',
            borderDash: [6, 4],
            tension: 0.2,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: 'bottom' } },
      },
    });
    return () => chart.destroy();
  }, [summary, t]);
  return (
    <div className="analytics-chart">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}

function TopTable({
  title,
  items,
  path,
}: {
  title: string;
  items: AnalyticsTopItem[];
  path: 'spots' | 'events';
}) {
  const t = useT();
  const { lang } = useLang();
  return (
    <TableSection title={title} rows={items.length}>
      <DataTable columns={columnNames(t, 'analytics.col', ['rank', 'title', 'views', 'visitors'])}>
        {items.map((item, index) => {
          const name = titleIn(item.title, lang);
          return (
            <tr key={item.id}>
              <td className="number-cell">{index + 1}</td>
              <th scope="row">
                {name ? <Link to={`/${path}/${item.id}`}>{name}</Link> : t('analytics.deleted')}
              </th>
              <td className="number-cell">{item.views}</td>
              <td className="number-cell">{item.visitors}</td>
            </tr>
          );
        })}
      </DataTable>
    </TableSection>
  );
}

/** A titled part of the figures: its table, or "no figures yet" while it has no rows. */
function TableSection({ title, rows, children }: { title: string; rows: number; children: ReactNode }) {
  const t = useT();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {rows === 0 ? <p>{t('analytics.empty')}</p> : children}
    </section>
  );
}

function BreakdownTable({
  title,
  rows,
  total,
  label,
}: {
  title: string;
  rows: AnalyticsBreakdownRow[];
  total: number;
  label: (value: string) => string;
}) {
  const t = useT();
  return (
    <TableSection title={title} rows={rows.length}>
      <DataTable
        columns={[title, t('analytics.col.views'), t('analytics.col.share'), t('analytics.col.visitors')]}
      >
        {rows.map((row) => (
          <tr key={row.value}>
            <th scope="row">{label(row.value)}</th>
            <td className="number-cell">{row.views}</td>
            <td className="number-cell">{share(row.views, total)}</td>
            <td className="number-cell">{row.visitors}</td>
          </tr>
        ))}
      </DataTable>
    </TableSection>
  );
}
