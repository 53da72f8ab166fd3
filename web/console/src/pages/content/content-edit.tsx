import { type FormEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useBlocker, useLocation, useNavigate, useParams } from 'react-router';
import type { ApiError, RightLevel } from '../../api';
import { NoAccess } from '../../components/admin-only';
import { Button } from '../../components/button';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ArticleForm } from '../../components/content/article-form';
import { BackLink } from '../../components/content/back-link';
import { CourseForm } from '../../components/content/course-form';
import { EventForm } from '../../components/content/event-form';
import { ContentFormContext, type ContentFormState } from '../../components/content/form-context';
import { LanguageTabs } from '../../components/content/language-tabs';
import { type PlacedProblem, ProblemSummary } from '../../components/content/problem-summary';
import { RevisionHistory } from '../../components/content/revision-history';
import { SpotForm } from '../../components/content/spot-form';
import { ViewOnSite } from '../../components/content/view-on-site';
import { WorkflowBar } from '../../components/content/workflow-bar';
import { LoadFailed, Loading } from '../../components/load-state';
import { PageHeading } from '../../components/page-heading';
import { StatusMessage } from '../../components/status-message';
import { SubmitButton } from '../../components/submit-button';
import { tabPanelProps } from '../../components/tabs';
import { createContentItem, fetchContentItem, saveContentItem } from '../../content/content-api';
import {
  dataPath,
  fieldId,
  fieldLabel,
  languageOfPath,
  languagesWithProblems,
  problemsByPath,
} from '../../content/field-paths';
import { CONTENT_LANG_KEYS, FIELD_KEYS, KIND_KEYS } from '../../content/labels';
import { languageStates, untranslatedPaths } from '../../content/languages';
import {
  type AnyContentData,
  type ArticleData,
  type ContentItem,
  type ContentKind,
  type ContentProblem,
  type CourseData,
  type EventData,
  emptyData,
  KIND_MODULE,
  KIND_PATH,
  type Language,
  type SpotData,
  titleField,
} from '../../content/model';
import { type ClientProblem, clientProblems, prepareForSave } from '../../content/prepare';
import { useApiErrorHandler } from '../../hooks';
import { useLang, useT } from '../../i18n';
import { allows, moduleLevel } from '../../rights';
import { useSession } from '../../session';
import '../../i18n-content';

type Item = ContentItem<AnyContentData>;

/** What the list page is told after a deletion, and the edit page after creating. */
interface HandOver {
  created?: Item;
}

function handOver(state: unknown): HandOver {
  return typeof state === 'object' && state !== null ? (state as HandOver) : {};
}

/** /spots/new and /spots/:id (and the same for events, courses, articles). */
export function ContentEditPage({ kind }: { kind: ContentKind }) {
  const t = useT();
  const { user } = useSession();
  const { id } = useParams();
  const level = moduleLevel(user, KIND_MODULE[kind]);
  const needed = id ? 'view' : 'edit';
  if (!allows(level, needed)) {
    return (
      <NoAccess title={t(KIND_KEYS[kind])}>
        <BackLink kind={kind} />
      </NoAccess>
    );
  }
  return id ? (
    <ExistingItem key={id} kind={kind} id={id} level={level} />
  ) : (
    <ContentEditor kind={kind} level={level} />
  );
}

type LoadState =
  | { kind: 'loading' }
  | { kind: 'failed'; error: ApiError }
  | { kind: 'missing' }
  | { kind: 'ready'; item: Item; created: boolean; loads: number };

function ExistingItem({ kind, id, level }: { kind: ContentKind; id: string; level: RightLevel }) {
  const t = useT();
  const location = useLocation();
  const navigate = useNavigate();
  const handleError = useApiErrorHandler();
  const created = handOver(location.state).created;
  const [state, setState] = useState<LoadState>(() =>
    created?.id === id ? { kind: 'ready', item: created, created: true, loads: 0 } : { kind: 'loading' },
  );
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the load (retry, reload after a conflict)
  useEffect(() => {
    if (attempt === 0 && created?.id === id) return;
    let cancelled = false;
    setState({ kind: 'loading' });
    fetchContentItem(kind, id).then(
      (item) => {
        if (!cancelled) setState({ kind: 'ready', item, created: false, loads: attempt });
      },
      (error: unknown) => {
        if (cancelled) return;
        const apiError = handleError(error);
        setState(apiError.status === 404 ? { kind: 'missing' } : { kind: 'failed', error: apiError });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [kind, id, attempt]);

  // The created item was handed over once; a later reload of the page must read the server.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once after arrival
  useEffect(() => {
    if (created) navigate(location.pathname + location.search, { replace: true, state: null });
  }, []);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  switch (state.kind) {
    case 'loading':
      return (
        <>
          <PageHeading title={t(KIND_KEYS[kind])} />
          <Loading />
        </>
      );
    case 'failed':
      return (
        <>
          <PageHeading title={t(KIND_KEYS[kind])} />
          <LoadFailed message={t('content.edit.loadFailed')} error={state.error} onRetry={reload} />
          <BackLink kind={kind} />
        </>
      );
    case 'missing':
      return (
        <>
          <PageHeading title={t(KIND_KEYS[kind])} />
          <p className="notice">{t('content.edit.notFound')}</p>
          <BackLink kind={kind} />
        </>
      );
    case 'ready':
      return (
        <ContentEditor
          key={state.loads}
          kind={kind}
          level={level}
          initial={state.item}
          justCreated={state.created}
          onReload={reload}
        />
      );
  }
}

type Problem = { kind: 'client'; problems: ClientProblem[] } | { kind: 'api'; error: ApiError } | undefined;

const snapshot = (kind: ContentKind, data: AnyContentData) =>
  JSON.stringify(prepareForSave(kind, data as never));

/** The form, the workflow and the history of one item (or of a new one). */
function ContentEditor({
  kind,
  level,
  initial,
  justCreated = false,
  onReload,
}: {
  kind: ContentKind;
  level: RightLevel;
  initial?: Item;
  justCreated?: boolean;
  onReload?: () => void;
}) {
  const t = useT();
  const { lang: uiLang } = useLang();
  const id = useId();
  const navigate = useNavigate();
  const handleError = useApiErrorHandler();
  const summaryRef = useRef<HTMLDivElement>(null);
  const leaving = useRef(false);
  const [item, setItem] = useState<Item | undefined>(initial);
  const [data, setData] = useState<AnyContentData>(() => initial?.data ?? emptyData(kind));
  const [saved, setSaved] = useState(() => snapshot(kind, initial?.data ?? emptyData(kind)));
  const [lang, setLang] = useState<Language>('ja');
  const [problem, setProblem] = useState<Problem>();
  const [warnings, setWarnings] = useState<ContentProblem[]>(() =>
    justCreated ? (initial?.warnings ?? []) : [],
  );
  const [notice, setNotice] = useState<string | undefined>(() =>
    justCreated ? t('content.edit.created') : undefined,
  );
  const [busy, setBusy] = useState(false);
  const [pendingFocus, setPendingFocus] = useState<string | undefined>();

  const canEdit = allows(level, 'edit');
  const readOnly = !canEdit;
  const titleKey = titleField(kind);
  const dirty = useMemo(() => snapshot(kind, data) !== saved, [kind, data, saved]);
  const kindName = t(KIND_KEYS[kind]);
  const savedTitle = (
    (item?.data as Record<string, { ja?: string } | undefined> | undefined)?.[titleKey]?.ja ?? ''
  ).trim();

  // Problems by data path, in the user's language.
  const errors = useMemo(() => {
    if (!problem) return new Map<string, string>();
    if (problem.kind === 'client') return new Map(problem.problems.map((p) => [p.path, t(p.key)]));
    const map = problemsByPath(problem.error.problems, uiLang);
    // A single-field error without `problems` (e.g. duplicate POI code) still belongs to its field.
    if (problem.error.field && problem.error.problems.length === 0 && problem.error.field !== 'version')
      map.set(dataPath(problem.error.field), problem.error.messageIn(uiLang));
    return map;
  }, [problem, t, uiLang]);
  const placed: PlacedProblem[] = [...errors].map(([path, message]) => ({ path, message }));
  const errorLangs = languagesWithProblems(errors.keys());
  // Warnings (e.g. a position outside Japan) do not stop saving: listed above the form only.
  const warningMap = useMemo(() => problemsByPath(warnings, uiLang), [warnings, uiLang]);

  const formState = useMemo<ContentFormState>(
    () => ({ lang, readOnly, error: (path) => errors.get(path) }),
    [lang, readOnly, errors],
  );

  // Leaving with unsaved changes asks first (in-app navigation and closing the tab).
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  // After "go to field" the input may only exist once its language tab is rendered.
  useEffect(() => {
    if (!pendingFocus) return;
    const element = document.getElementById(fieldId(pendingFocus));
    element?.focus();
    element?.scrollIntoView({ block: 'center' });
    setPendingFocus(undefined);
  }, [pendingFocus]);

  function jump(path: string) {
    const target = languageOfPath(path);
    if (target) setLang(target);
    setPendingFocus(path);
  }

  function showProblem(next: Problem) {
    setProblem(next);
    window.setTimeout(() => summaryRef.current?.focus(), 0);
  }

  function applyItem(next: Item, message: string) {
    setItem(next);
    setData(next.data);
    setSaved(snapshot(kind, next.data));
    setProblem(undefined);
    setNotice(message);
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || readOnly) return;
    setNotice(undefined);
    const found = clientProblems(kind, data as never);
    if (found.length > 0) {
      showProblem({ kind: 'client', problems: found });
      return;
    }
    const payload = prepareForSave(kind, data as never);
    setBusy(true);
    setProblem(undefined);
    try {
      if (!item) {
        const created = (await createContentItem(kind, payload)) as Item;
        leaving.current = true;
        navigate(`/${KIND_PATH[kind]}/${encodeURIComponent(created.id)}`, {
          replace: true,
          state: { created } satisfies HandOver,
        });
        return;
      }
      const next = (await saveContentItem(kind, item.id, item.version, payload)) as Item;
      setWarnings(next.warnings ?? []);
      applyItem(
        next,
        next.live
          ? t('content.edit.savedLive', { version: next.version })
          : t('content.edit.saved', { version: next.version }),
      );
    } catch (error) {
      showProblem({ kind: 'api', error: handleError(error) });
    } finally {
      setBusy(false);
    }
  }

  const states = languageStates(data, titleKey);
  const untranslated = lang === 'ja' ? [] : untranslatedPaths(data, lang, titleKey);
  const heading = item
    ? t('content.edit.editTitle', { kind: kindName, name: savedTitle || t('content.list.untitled') })
    : t('content.edit.newTitle', { kind: kindName });
  const apiError = problem?.kind === 'api' ? problem.error : undefined;

  return (
    <>
      <PageHeading title={heading} />
      <BackLink kind={kind} />
      <StatusMessage message={notice} />
      {item && (
        <WorkflowBar
          kind={kind}
          item={item}
          title={savedTitle}
          level={level}
          dirty={dirty}
          onChanged={(next, message) => applyItem(next, message)}
          onDeleted={() => {
            leaving.current = true;
            navigate(`/${KIND_PATH[kind]}`, {
              state: { notice: t('content.workflow.deleted', { name: savedTitle }) },
            });
          }}
          onReload={() => onReload?.()}
        />
      )}
      {item && (
        <ViewOnSite
          kind={kind}
          itemId={item.id}
          live={item.live}
          canEdit={canEdit}
          dirty={dirty}
          languages={writtenLanguages(item.data, titleKey)}
        />
      )}
      {warnings.length > 0 && (
        <div className="notice notice-warnings">
          <p>
            <strong>{t('content.edit.warningsTitle')}</strong>
          </p>
          <ul>
            {[...warningMap].map(([path, message]) => (
              <li key={path}>
                {t('content.edit.problemItem', {
                  field: fieldLabel(path, t, FIELD_KEYS, CONTENT_LANG_KEYS),
                  message,
                })}
              </li>
            ))}
          </ul>
        </div>
      )}
      <ProblemSummary
        summaryRef={summaryRef}
        heading={
          // Field problems are counted here and listed below (the server's own line names raw paths).
          problem?.kind === 'client' || (apiError && placed.length > 0)
            ? t('content.check.summary', { count: placed.length })
            : undefined
        }
        error={apiError}
        problems={placed}
        onJump={jump}
      >
        {apiError?.code === 'version_conflict' && onReload && (
          <div className="actions actions-compact">
            <Button onClick={onReload}>{t('content.edit.conflictReload')}</Button>
          </div>
        )}
      </ProblemSummary>
      {readOnly && <p className="notice">{t('content.edit.readOnly')}</p>}

      <form onSubmit={save} noValidate className="content-form" aria-labelledby="page-title">
        <p className="field-hint">{t('content.edit.langHint')}</p>
        <LanguageTabs
          idPrefix={id}
          selected={lang}
          onSelect={setLang}
          states={states}
          errorLangs={errorLangs}
        />
        <div {...tabPanelProps(id, lang)}>
          {untranslated.length > 0 && (
            <p className="notice">
              {t('content.edit.untranslated', {
                fields: untranslated
                  .map((path) => fieldLabel(path, t, FIELD_KEYS, CONTENT_LANG_KEYS))
                  .join(t('content.separator')),
              })}
            </p>
          )}
          <ContentFormContext.Provider value={formState}>
            <fieldset disabled={readOnly} className="plain-fieldset">
              <legend className="visually-hidden">{t('content.edit.formLegend', { kind: kindName })}</legend>
              <KindForm kind={kind} data={data} onChange={setData} />
            </fieldset>
          </ContentFormContext.Provider>
        </div>
        {!readOnly && (
          <div className="save-bar">
            <SubmitButton
              busy={busy}
              label={item ? t('content.edit.save') : t('content.edit.create')}
              busyLabel={t('content.edit.saving')}
            />
            <span className="secondary-text">
              {dirty
                ? t('content.edit.unsaved')
                : item
                  ? t('content.edit.noChanges')
                  : t('content.edit.createHint')}
            </span>
          </div>
        )}
      </form>
      <p className="field-hint">{t('common.auditNote')}</p>

      {item && (
        <RevisionHistory
          kind={kind}
          item={item}
          canEdit={canEdit}
          dirty={dirty}
          onRestored={(next, message) => {
            setWarnings(next.warnings ?? []);
            applyItem(next, message);
          }}
          onReload={() => onReload?.()}
        />
      )}

      <ConfirmDialog
        open={blocker.state === 'blocked'}
        title={t('content.edit.leaveTitle')}
        confirmLabel={t('content.edit.leaveConfirm')}
        onConfirm={() => blocker.proceed?.()}
        onClose={() => blocker.reset?.()}
      >
        <p>{t('content.edit.leaveBody')}</p>
      </ConfirmDialog>
    </>
  );
}

/** The languages the saved item's title is written in. */
function writtenLanguages(data: AnyContentData, titleKey: string): Language[] {
  const title =
    (data as unknown as Record<string, Partial<Record<Language, string>> | undefined>)[titleKey] ?? {};
  return (Object.keys(title) as Language[]).filter((l) => title[l]?.trim());
}

function KindForm({
  kind,
  data,
  onChange,
}: {
  kind: ContentKind;
  data: AnyContentData;
  onChange: (next: AnyContentData) => void;
}) {
  switch (kind) {
    case 'spot':
      return <SpotForm value={data as SpotData} onChange={onChange} />;
    case 'event':
      return <EventForm value={data as EventData} onChange={onChange} />;
    case 'course':
      return <CourseForm value={data as CourseData} onChange={onChange} />;
    case 'article':
      return <ArticleForm value={data as ArticleData} onChange={onChange} />;
  }
}
