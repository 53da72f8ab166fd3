import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { NoAccess } from '../../components/admin-only';
import { BulkBar } from '../../components/content/bulk-bar';
import { OpenDataPanel } from '../../components/content/open-data-panel';
import { ScheduleLines } from '../../components/content/schedule-lines';
import { StatusBadges } from '../../components/content/status-badges';
import { ListSiteLink } from '../../components/content/view-on-site';
import { TableScroll } from '../../components/data-table';
import { SelectField } from '../../components/fields';
import { DateRangeFields, FilterForm, NewItemLink } from '../../components/list-parts';
import { LoadView, MorePages } from '../../components/load-state';
import { PageHeading } from '../../components/page-heading';
import { SmallButton } from '../../components/small-button';
import { StatusMessage } from '../../components/status-message';
import { TextField } from '../../components/text-field';
import { type BulkRef, selectAllMatching } from '../../content/bulk';
import { hasCategories } from '../../content/categories';
import {
  type ContentListFilters,
  EMPTY_LIST_FILTERS,
  fetchContentList,
  listQueryString,
} from '../../content/content-api';
import { CONTENT_LANG_KEYS, KIND_DESCRIPTION_KEYS, KIND_KEYS, STATUS_KEYS } from '../../content/labels';
import { orderLanguages } from '../../content/languages';
import {
  type ContentKind,
  type ContentStatus,
  type ContentSummary,
  isLanguage,
  KIND_MODULE,
  KIND_PATH,
  STATUSES,
} from '../../content/model';
import { datasetOf } from '../../content/opendata';
import { useCategories } from '../../content/use-categories';
import { formatJst } from '../../format';
import { usePagedLoad } from '../../hooks';
import { useT } from '../../i18n';
import { allows, moduleLevel } from '../../rights';
import { useSession } from '../../session';
import '../../i18n-bulk';
import '../../i18n-content';
import '../../i18n-journeys';
import '../../i18n-opendata';

const PAGE_SIZE = 50;
/** The open data section of the spot and event lists (one per page). */
const OPEN_DATA_ID = 'open-data';

function filtersFromParams(params: URLSearchParams): ContentListFilters {
  const status = params.get('status') ?? '';
  return {
    q: params.get('q') ?? '',
    category: params.get('category') ?? '',
    tag: params.get('tag') ?? '',
    status: (STATUSES as readonly string[]).includes(status) ? (status as ContentStatus) : '',
    updatedFromDate: params.get('from') ?? '',
    updatedToDate: params.get('to') ?? '',
  };
}

/** How many conditions the list is filtered by. */
function activeFilters(filters: ContentListFilters): number {
  const { q, category, tag, status, updatedFromDate, updatedToDate } = filters;
  return [q.trim(), category, tag.trim(), status, updatedFromDate, updatedToDate].filter(Boolean).length;
}

function paramsFromFilters(filters: ContentListFilters): URLSearchParams {
  const params = new URLSearchParams();
  const entries: [string, string][] = [
    ['q', filters.q.trim()],
    ['category', filters.category],
    ['tag', filters.tag.trim()],
    ['status', filters.status],
    ['from', filters.updatedFromDate],
    ['to', filters.updatedToDate],
  ];
  for (const [key, value] of entries) if (value) params.set(key, value);
  return params;
}

/** A notice handed over by the edit page (after deleting). */
function noticeFrom(state: unknown): string | undefined {
  if (typeof state === 'object' && state !== null && 'notice' in state) {
    const notice = (state as { notice: unknown }).notice;
    return typeof notice === 'string' ? notice : undefined;
  }
  return undefined;
}

/** /spots, /events, /courses, /articles: search, filters and the list, newest change first. */
export function ContentListPage({ kind }: { kind: ContentKind }) {
  const t = useT();
  const { user } = useSession();
  const level = moduleLevel(user, KIND_MODULE[kind]);
  const title = t(KIND_KEYS[kind]);
  if (!allows(level, 'view')) {
    return <NoAccess title={title} />;
  }
  return <ContentList kind={kind} canEdit={allows(level, 'edit')} canPublish={allows(level, 'publish')} />;
}

/** The rows chosen for a bulk action, by id; `allMatching` once every page of the filter is in. */
interface Selection {
  refs: ReadonlyMap<string, BulkRef>;
  allMatching: boolean;
}
const NOTHING: Selection = { refs: new Map(), allMatching: false };
type SelectAll = { kind: 'idle' } | { kind: 'loading' } | { kind: 'failed' };

function ContentList({
  kind,
  canEdit,
  canPublish,
}: {
  kind: ContentKind;
  canEdit: boolean;
  canPublish: boolean;
}) {
  const t = useT();
  const id = useId();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const applied = filtersFromParams(params);
  const queryKey = listQueryString(applied);
  const [form, setForm] = useState<ContentListFilters>(applied);
  const [orderError, setOrderError] = useState(false);
  const path = KIND_PATH[kind];
  const { choices: categoryChoices } = useCategories(kind);
  const dataset = datasetOf(kind);
  const [selection, setSelection] = useState<Selection>(NOTHING);
  const [selectAll, setSelectAll] = useState<SelectAll>({ kind: 'idle' });

  // `queryKey` stands for the applied filters.
  const { load, more, loadMore } = usePagedLoad(
    async (cursor: string | undefined) => {
      const answer = await fetchContentList(kind, listQueryString(applied, { cursor, limit: PAGE_SIZE }));
      return { items: answer.items ?? [], next: answer.nextCursor ?? null };
    },
    [kind, queryKey],
  );

  // Back/forward through searches: the form shows the filters of the list it is above, and a
  // selection made under other filters is dropped.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the URL only
  useEffect(() => {
    setForm(filtersFromParams(params));
    setSelection(NOTHING);
    setSelectAll({ kind: 'idle' });
  }, [queryKey]);

  function toggle(items: readonly ContentSummary[], on: boolean) {
    setSelection((current) => {
      const refs = new Map(current.refs);
      for (const item of items) {
        if (on) refs.set(item.id, { id: item.id, version: item.version, title: item.title });
        else refs.delete(item.id);
      }
      return { refs, allMatching: false };
    });
  }

  async function chooseAllMatching() {
    setSelectAll({ kind: 'loading' });
    try {
      const refs = await selectAllMatching(kind, queryKey);
      setSelection({ refs: new Map(refs.map((r) => [r.id, r])), allMatching: true });
      setSelectAll({ kind: 'idle' });
    } catch {
      setSelectAll({ kind: 'failed' });
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (form.updatedFromDate && form.updatedToDate && form.updatedToDate < form.updatedFromDate) {
      setOrderError(true);
      document.getElementById(`${id}-to`)?.focus();
      return;
    }
    setOrderError(false);
    setParams(paramsFromFilters(form));
  }

  function reset() {
    setOrderError(false);
    setForm(EMPTY_LIST_FILTERS);
    setParams(new URLSearchParams());
  }

  const set = <K extends keyof ContentListFilters>(key: K, value: ContentListFilters[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  return (
    <>
      <PageHeading title={t(KIND_KEYS[kind])} lead={t(KIND_DESCRIPTION_KEYS[kind])} />
      <StatusMessage message={noticeFrom(location.state)} />
      {canEdit ? (
        <NewItemLink to={`/${path}/new`} label={t('content.list.new')}>
          {dataset && (
            <Link to={`/${path}/import`} className="button button-secondary">
              {t('opendata.list.import')}
            </Link>
          )}
        </NewItemLink>
      ) : (
        <p className="notice">{t('content.list.viewOnly')}</p>
      )}
      {hasCategories(kind) && (
        <p className="jump-link">
          <Link to={`/${path}/categories`}>{t('categories.link')}</Link>
        </p>
      )}
      {dataset && (
        <p className="jump-link">
          <a
            href={`#${OPEN_DATA_ID}-section`}
            onClick={(event) => {
              // Focus (and so scroll to) the section's heading without changing the URL.
              event.preventDefault();
              document.getElementById(OPEN_DATA_ID)?.focus();
            }}
          >
            {t('opendata.list.jump')}
          </a>
        </p>
      )}

      <FilterForm
        title={t('content.list.filterTitle')}
        collapsible={{
          summary: t('content.list.filterToggle', { count: activeFilters(applied) }),
          active: activeFilters(applied) > 0,
        }}
        note={t('content.list.periodHint')}
        onSubmit={submit}
        submitLabel={t('content.list.submit')}
        reset={{ label: t('content.list.reset'), onClick: reset }}
      >
        <TextField
          label={t('content.list.search')}
          hint={t('content.list.searchHint')}
          type="search"
          value={form.q}
          onChange={(event) => set('q', event.target.value)}
          maxLength={200}
        />
        {hasCategories(kind) && (
          <SelectField
            label={t('field.category')}
            value={form.category}
            onChange={(event) => set('category', event.target.value)}
            empty={t('content.list.categoryAll')}
            options={categoryChoices}
          />
        )}
        <TextField
          label={t('content.list.tag')}
          type="text"
          value={form.tag}
          onChange={(event) => set('tag', event.target.value)}
          maxLength={40}
        />
        <SelectField
          label={t('content.list.status')}
          value={form.status}
          onChange={(event) => set('status', event.target.value as ContentStatus | '')}
          empty={t('content.list.statusAll')}
          options={STATUSES.map((status) => ({ value: status, label: t(STATUS_KEYS[status]) }))}
        />
        <DateRangeFields
          id={id}
          from={{
            label: t('content.list.updatedFrom'),
            value: form.updatedFromDate,
            onChange: (date) => set('updatedFromDate', date),
          }}
          to={{
            label: t('content.list.updatedTo'),
            error: orderError ? t('content.list.orderInvalid') : undefined,
            value: form.updatedToDate,
            onChange: (date) => set('updatedToDate', date),
          }}
        />
      </FilterForm>

      {/* Outside the list's loading state: the result stays while the list reloads after a run. */}
      {canEdit && (
        <BulkBar
          kind={kind}
          selected={[...selection.refs.values()]}
          canPublish={canPublish}
          onClear={() => setSelection(NOTHING)}
          onFinished={() => {
            setSelection(NOTHING);
            load.retry();
          }}
        />
      )}
      <LoadView load={load} failedMessage={t('content.list.loadFailed')}>
        {({ items, next }) =>
          items.length === 0 ? (
            <p role="status">{t('content.list.empty')}</p>
          ) : (
            <>
              {canEdit && (
                <p className="bulk-select-all">
                  {selection.allMatching ? (
                    <span role="status">{t('bulk.selectedAll', { count: selection.refs.size })}</span>
                  ) : (
                    <SmallButton
                      onClick={() => void chooseAllMatching()}
                      aria-disabled={selectAll.kind === 'loading' || undefined}
                    >
                      {selectAll.kind === 'loading' ? t('bulk.selectingAll') : t('bulk.selectAll')}
                    </SmallButton>
                  )}
                  {selectAll.kind === 'failed' && (
                    <span className="field-error" role="alert">
                      {t('bulk.selectAllFailed')}
                    </span>
                  )}
                </p>
              )}
              <ContentTable
                kind={kind}
                items={items}
                canEdit={canEdit}
                selection={canEdit ? { ids: selection.refs, toggle } : undefined}
              />
              <MorePages more={more} hasMore={next !== null} onLoadMore={loadMore} messages="content.list" />
            </>
          )
        }
      </LoadView>
      {dataset && <OpenDataPanel dataset={dataset} id={OPEN_DATA_ID} />}
    </>
  );
}

function ContentTable({
  kind,
  items,
  canEdit,
  selection,
}: {
  kind: ContentKind;
  items: ContentSummary[];
  canEdit: boolean;
  /** Checkboxes for bulk actions (editors only). */
  selection?: {
    ids: ReadonlyMap<string, unknown>;
    toggle: (items: readonly ContentSummary[], on: boolean) => void;
  };
}) {
  const t = useT();
  const path = KIND_PATH[kind];
  const hasCategory = hasCategories(kind);
  const { name: categoryName } = useCategories(kind);
  const pageSelected = items.length > 0 && items.every((item) => selection?.ids.has(item.id));
  const captionId = useId();
  return (
    <TableScroll labelledBy={captionId}>
      <table className="data-table content-table">
        <caption id={captionId}>
          {t('content.list.caption', { kind: t(KIND_KEYS[kind]), count: items.length })}
        </caption>
        <thead>
          <tr>
            {selection && (
              <td className="select-cell">
                <input
                  type="checkbox"
                  aria-label={t('bulk.selectPage')}
                  checked={pageSelected}
                  onChange={(event) => selection.toggle(items, event.target.checked)}
                />
              </td>
            )}
            <th scope="col">{t(kind === 'article' ? 'field.title' : 'field.name')}</th>
            <th scope="col">{t('content.list.col.status')}</th>
            <th scope="col">{t('content.list.col.languages')}</th>
            {hasCategory && <th scope="col">{t('field.category')}</th>}
            {kind === 'event' && <th scope="col">{t('content.list.col.startsAt')}</th>}
            <th scope="col">{t('content.list.col.updatedAt')}</th>
            <th scope="col">{t('content.list.col.schedule')}</th>
            <th scope="col">{t('viewOnSite.title')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            // The list does not say whether the live copy differs; an edit of a published item
            // puts it back into draft or review, so "live but not published" means changes.
            const changes = item.live && item.status !== 'published';
            return (
              <tr key={item.id}>
                {selection && (
                  <td className="select-cell">
                    <input
                      type="checkbox"
                      aria-label={t('bulk.selectRow', { title: item.title || t('content.list.untitled') })}
                      checked={selection.ids.has(item.id)}
                      onChange={(event) => selection.toggle([item], event.target.checked)}
                    />
                  </td>
                )}
                <th scope="row">
                  <Link to={`/${path}/${encodeURIComponent(item.id)}`} lang="ja">
                    {item.title || t('content.list.untitled')}
                  </Link>
                </th>
                <td>
                  <StatusBadges status={item.status} live={item.live} hasUnpublishedChanges={changes} />
                </td>
                <td>
                  <ul className="inline-list">
                    {orderLanguages(item.languages ?? []).map((code) => (
                      <li key={code} lang={code}>
                        {isLanguage(code) ? t(CONTENT_LANG_KEYS[code]) : code}
                      </li>
                    ))}
                  </ul>
                </td>
                {hasCategory && (
                  <td>{item.category ? categoryName(item.category) : t('common.notRecorded')}</td>
                )}
                {kind === 'event' && (
                  <td className="nowrap-cell">{formatJst(item.startsAt) ?? t('common.notRecorded')}</td>
                )}
                <td className="nowrap-cell">{formatJst(item.updatedAt) ?? t('common.notRecorded')}</td>
                <td className="nowrap-cell">
                  <ScheduleLines
                    publishAt={item.publishAt}
                    unpublishAt={item.unpublishAt}
                    none={t('common.notRecorded')}
                  />
                </td>
                <td className="nowrap-cell">
                  <ListSiteLink
                    kind={kind}
                    itemId={item.id}
                    live={item.live}
                    canEdit={canEdit}
                    title={item.title || t('content.list.untitled')}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
