import { type ReactNode, useEffect, useId, useRef } from 'react';
import type { ApiError } from '../api';
import { useT } from '../i18n';
import { Button } from './button';
import { ErrorAlert } from './error-alert';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  error?: ApiError | undefined;
  /** Destructive actions get the red button. */
  danger?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/**
 * Modal confirmation on the native <dialog>: focus moves into it and stays there, Escape
 * cancels, and the browser returns focus to the button that opened it. "Cancel" comes first
 * so that it, not the destructive action, receives the initial focus.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  busy = false,
  error,
  danger = true,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
      onClose={() => {
        if (open) onClose();
      }}
    >
      <h2 id={`${id}-title`} className="dialog-title">
        {title}
      </h2>
      <div id={`${id}-body`} className="dialog-body">
        {children}
      </div>
      <ErrorAlert error={error} />
      <div className="actions dialog-actions">
        <Button look="secondary" onClick={onClose} disabled={busy}>
          {t('common.cancel')}
        </Button>
        <button
          type="button"
          className={danger ? 'button button-danger' : 'button'}
          onClick={() => {
            if (!busy) onConfirm();
          }}
          aria-disabled={busy || undefined}
        >
          {busy ? t('common.processing') : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
