import type { ReactNode } from 'react';
import type { ApiError } from '../api';
import { formatJst } from '../format';
import { type MessageKey, useT } from '../i18n';
import { ConfirmDialog } from './confirm-dialog';
import { type Column, DataTable } from './data-table';

interface Revision {
  version: number;
  actorId: string | null;
  actorName: string | null;
  createdAt: string;
}

/**
 * The table of a history (content, campaigns): a row a version with its number, marked when it is
 * `currentVersion`, then `cells` (what the version was), who made it and when, and `actions`
 * (without it, the table has no actions column). `columns` names them all, in that order.
 */
export function RevisionTable<R extends Revision>({
  revisions,
  currentVersion,
  messages,
  columns,
  cells,
  actions,
}: {
  revisions: readonly R[];
  currentVersion: number;
  messages: 'content.rev' | 'rally.rev';
  columns: Column[];
  cells: (revision: R) => ReactNode;
  actions?: ((revision: R, current: boolean) => ReactNode) | undefined;
}) {
  const t = useT();
  return (
    <DataTable caption={t(`${messages}.caption`, { count: revisions.length })} columns={columns}>
      {revisions.map((revision) => {
        const current = revision.version === currentVersion;
        return (
          <tr key={revision.version} className={current ? 'row-current' : undefined}>
            <th scope="row" className="nowrap-cell">
              {revision.version}
              {current && <span className="status-note">{t(`${messages}.current`)}</span>}
            </th>
            {cells(revision)}
            <td>
              {revision.actorName ??
                (revision.actorId ? t(`${messages}.formerUser`) : t('common.notRecorded'))}
            </td>
            <td className="nowrap-cell">{formatJst(revision.createdAt) ?? t('common.notRecorded')}</td>
            {actions && <td>{actions(revision, current)}</td>}
          </tr>
        );
      })}
    </DataTable>
  );
}

/**
 * 復元の確認 of a history (content, campaigns): saving version `revision` again as a new version.
 * `children` say what else restoring does; when someone saved in between (version_conflict) the
 * dialog offers `reload`. `messages` names the catalogue entries (`<messages>.restoreTitle`, …).
 */
export function RestoreRevisionDialog({
  revision,
  messages,
  action,
  reload,
  onConfirm,
  onClose,
  children,
}: {
  revision: number | undefined;
  messages: 'content.rev' | 'rally.rev';
  action: { busy: boolean; error: ApiError | undefined };
  reload: { label: string; onClick: () => void };
  onConfirm: () => void;
  onClose: () => void;
  children?: ReactNode;
}) {
  const t = useT();
  const key = (name: 'restoreTitle' | 'restore' | 'restoreBody') => `${messages}.${name}` as MessageKey;
  return (
    <ConfirmDialog
      open={revision !== undefined}
      title={t(key('restoreTitle'), { revision: revision ?? '' })}
      confirmLabel={t(key('restore'))}
      danger={false}
      busy={action.busy}
      error={action.error}
      onConfirm={onConfirm}
      onClose={onClose}
    >
      <p>{t(key('restoreBody'), { revision: revision ?? '' })}</p>
      {children}
      {action.error?.code === 'version_conflict' && (
        <p>
          <button type="button" className="button-link" onClick={reload.onClick}>
            {reload.label}
          </button>
        </p>
      )}
    </ConfirmDialog>
  );
}
