import { type FormEvent, useId, useState } from 'react';
import { type ApiError, asApiError } from '../../api';
import { NoAccess } from '../../components/admin-only';
import { Button } from '../../components/button';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { BackLink } from '../../components/content/back-link';
import { columnNames, DataTable } from '../../components/data-table';
import { ErrorAlert } from '../../components/error-alert';
import { SelectField } from '../../components/fields';
import { LoadView } from '../../components/load-state';
import { PageHeading } from '../../components/page-heading';
import { SmallButton } from '../../components/small-button';
import { StatusMessage } from '../../components/status-message';
import { TextField } from '../../components/text-field';
import {
  type CategoryKind,
  type CategoryList,
  categoryName,
  createCategory,
  deleteCategory,
  fetchCategories,
  moved,
  type OwnCategory,
  orderCategories,
  STANDARD_CATEGORY_NAMES,
  updateCategory,
} from '../../content/categories';
import { CONTENT_LANG_KEYS } from '../../content/labels';
import { KIND_MODULE, LANGUAGES, type Language, type LocalizedText } from '../../content/model';
import { forgetCategories } from '../../content/use-categories';
import { useLoad } from '../../hooks';
import { useLang, useT } from '../../i18n';
import { allows, moduleLevel } from '../../rights';
import { useSession } from '../../session';
import '../../i18n-bulk';
import '../../i18n-content';

const CODE = /^[a-z0-9][a-z0-9-]{0,39}$/;

type Draft = { code: string; names: Record<Language, string>; standard: string };
const EMPTY_NAMES = Object.fromEntries(LANGUAGES.map((l) => [l, ''])) as Record<Language, string>;
const emptyDraft = (): Draft => ({ code: '', names: { ...EMPTY_NAMES }, standard: '' });
const draftOf = (c: OwnCategory): Draft => ({
  code: c.code,
  names: { ...EMPTY_NAMES, ...c.names },
  standard: c.standard ?? '',
});

/** /spots/categories and /events/categories: the standard categories and the organisation's own. */
export function CategoriesPage({ kind }: { kind: CategoryKind }) {
  const t = useT();
  const { user } = useSession();
  const level = moduleLevel(user, KIND_MODULE[kind]);
  const title = t(kind === 'spot' ? 'categories.title.spot' : 'categories.title.event');
  const load = useLoad(() => fetchCategories(kind), [kind]);
  const [notice, setNotice] = useState<string | undefined>();
  if (!allows(level, 'view')) {
    return <NoAccess title={title} />;
  }
  const changed = (list: CategoryList, message: string) => {
    forgetCategories(kind);
    load.update(list);
    setNotice(message);
  };
  return (
    <>
      <PageHeading title={title} />
      <BackLink kind={kind} className="jump-link" />
      <p className="lead">{t('categories.lead')}</p>
      {!allows(level, 'publish') && <p className="notice">{t('categories.noRight')}</p>}
      <StatusMessage message={notice} />
      <LoadView load={load} failedMessage={t('categories.loadFailed')}>
        {(list) => (
          <Categories kind={kind} list={list} canChange={allows(level, 'publish')} onChanged={changed} />
        )}
      </LoadView>
    </>
  );
}

function Categories({
  kind,
  list,
  canChange,
  onChanged,
}: {
  kind: CategoryKind;
  list: CategoryList;
  canChange: boolean;
  onChanged: (list: CategoryList, message: string) => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const id = useId();
  const [editing, setEditing] = useState<Draft | null>(null);
  const [deleting, setDeleting] = useState<OwnCategory | null>(null);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const own = list.own;
  const nameOf = (code: string) => categoryName(code, own, lang);

  async function act(work: () => Promise<CategoryList>, message: string) {
    setBusy(true);
    setError(undefined);
    try {
      onChanged(await work(), message);
      return true;
    } catch (e) {
      setError(asApiError(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  const move = (code: string, by: -1 | 1) =>
    act(
      () =>
        orderCategories(
          kind,
          moved(
            own.map((c) => c.code),
            code,
            by,
          ),
        ),
      t('categories.reordered'),
    );

  return (
    <>
      <ErrorAlert error={error} />
      <section aria-labelledby={`${id}-own`}>
        <h2 id={`${id}-own`}>{t('categories.own')}</h2>
        {own.length === 0 ? (
          <p>{t('categories.ownEmpty')}</p>
        ) : (
          <DataTable
            caption={t('categories.own')}
            hiddenCaption
            columns={columnNames(t, 'categories.col', [
              'name',
              'code',
              'standard',
              'used',
              ...(canChange ? (['actions'] as const) : []),
            ])}
          >
            {own.map((c, i) => (
              <tr key={c.code}>
                <th scope="row">{nameOf(c.code)}</th>
                <td>
                  <code>{c.code}</code>
                </td>
                <td>{c.standard ? nameOf(c.standard) : t('categories.standardNone')}</td>
                <td>{c.usedBy}</td>
                {canChange && (
                  <td className="actions actions-compact">
                    <SmallButton
                      aria-label={t('categories.up', { name: nameOf(c.code) })}
                      disabled={busy || i === 0}
                      onClick={() => void move(c.code, -1)}
                    >
                      ↑
                    </SmallButton>
                    <SmallButton
                      aria-label={t('categories.down', { name: nameOf(c.code) })}
                      disabled={busy || i === own.length - 1}
                      onClick={() => void move(c.code, 1)}
                    >
                      ↓
                    </SmallButton>
                    <SmallButton onClick={() => setEditing(draftOf(c))}>{t('categories.edit')}</SmallButton>
                    <button
                      type="button"
                      className="button button-danger button-small"
                      onClick={() => setDeleting(c)}
                    >
                      {t('categories.delete')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      {canChange && (
        <CategoryForm
          key={editing?.code ?? 'new'}
          kind={kind}
          initial={editing}
          standards={list.standard.map((s) => s.code)}
          onCancel={() => setEditing(null)}
          onSaved={(saved, isNew) => {
            setEditing(null);
            onChanged(
              { ...list, own: isNew ? [...own, saved] : own.map((c) => (c.code === saved.code ? saved : c)) },
              t(isNew ? 'categories.added' : 'categories.saved', {
                name: categoryName(saved.code, [saved], lang),
              }),
            );
          }}
        />
      )}

      <section aria-labelledby={`${id}-standard`}>
        <h2 id={`${id}-standard`}>{t('categories.standard')}</h2>
        <DataTable
          caption={t('categories.standard')}
          hiddenCaption
          columns={[t('categories.col.name'), t('categories.col.code'), t('categories.col.used')]}
        >
          {list.standard.map((s) => (
            <tr key={s.code}>
              <th scope="row">
                {STANDARD_CATEGORY_NAMES[s.code as keyof typeof STANDARD_CATEGORY_NAMES]?.[lang] ?? s.code}
              </th>
              <td>
                <code>{s.code}</code>
              </td>
              <td>{s.usedBy}</td>
            </tr>
          ))}
        </DataTable>
      </section>

      <ConfirmDialog
        open={deleting !== null}
        title={t('categories.deleteTitle')}
        confirmLabel={t('categories.delete')}
        busy={busy}
        error={error}
        onConfirm={() => {
          const target = deleting;
          if (!target) return;
          void act(
            async () => {
              await deleteCategory(kind, target.code);
              return { ...list, own: own.filter((c) => c.code !== target.code) };
            },
            t('categories.deleted', { name: nameOf(target.code) }),
          ).then((ok) => {
            if (ok) setDeleting(null);
          });
        }}
        onClose={() => {
          setDeleting(null);
          setError(undefined);
        }}
      >
        <p>{deleting && t('categories.deleteConfirm', { name: nameOf(deleting.code) })}</p>
      </ConfirmDialog>
    </>
  );
}

function CategoryForm({
  kind,
  initial,
  standards,
  onCancel,
  onSaved,
}: {
  kind: CategoryKind;
  initial: Draft | null;
  standards: string[];
  onCancel: () => void;
  onSaved: (saved: OwnCategory, isNew: boolean) => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const id = useId();
  const isNew = initial === null;
  const [draft, setDraft] = useState<Draft>(initial ?? emptyDraft());
  const [problems, setProblems] = useState<{ code?: string; ja?: string }>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = {
      ...(isNew && !CODE.test(draft.code) ? { code: t('categories.codeInvalid') } : {}),
      ...(draft.names.ja.trim() ? {} : { ja: t('categories.nameRequired') }),
    };
    setProblems(found);
    if (found.code || found.ja) {
      document.getElementById(found.code ? `${id}-code` : `${id}-ja`)?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    const names = Object.fromEntries(
      Object.entries(draft.names).filter(([, v]) => v.trim() !== ''),
    ) as LocalizedText;
    const standard = draft.standard || null;
    try {
      const saved = isNew
        ? await createCategory(kind, { code: draft.code, names, standard })
        : await updateCategory(kind, draft.code, { names, standard });
      setDraft(emptyDraft());
      onSaved(saved, isNew);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {isNew ? t('categories.addTitle') : t('categories.editTitle', { code: draft.code })}
      </h2>
      <form onSubmit={submit} noValidate className="form">
        <ErrorAlert error={error} />
        {isNew && (
          <TextField
            id={`${id}-code`}
            label={t('categories.code')}
            hint={t('categories.codeHint')}
            error={problems.code}
            required
            value={draft.code}
            maxLength={40}
            onChange={(event) => setDraft({ ...draft, code: event.target.value.trim() })}
          />
        )}
        {LANGUAGES.map((l) => (
          <TextField
            key={l}
            id={`${id}-${l}`}
            label={t('categories.name', { lang: t(CONTENT_LANG_KEYS[l]) })}
            error={l === 'ja' ? problems.ja : undefined}
            required={l === 'ja'}
            lang={l}
            value={draft.names[l]}
            maxLength={60}
            onChange={(event) => setDraft({ ...draft, names: { ...draft.names, [l]: event.target.value } })}
          />
        ))}
        <SelectField
          label={t('categories.standardField')}
          value={draft.standard}
          onChange={(event) => setDraft({ ...draft, standard: event.target.value })}
          empty={t('categories.standardNone')}
          options={standards.map((code) => ({ value: code, label: categoryName(code, [], lang) }))}
        />
        <div className="actions">
          <Button type="submit" aria-disabled={busy || undefined}>
            {isNew ? t('categories.add') : t('categories.save')}
          </Button>
          {!isNew && (
            <Button look="secondary" onClick={onCancel}>
              {t('categories.cancelEdit')}
            </Button>
          )}
        </div>
      </form>
    </section>
  );
}
