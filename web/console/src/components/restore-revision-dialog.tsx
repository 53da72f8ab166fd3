import type { ReactNode } from 'react';
import type { ApiError } from '../api';
import { type MessageKey, useT } from '../i18n';
import { ConfirmDialog } from './confirm-dialog';

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
