/**
 * Polite live region for confirmations ("saved", "sent"). Always rendered so that a message
 * appearing in it is announced; shows nothing while empty.
 */
export function StatusMessage({ message }: { message?: string | undefined }) {
  return (
    <div role="status" className={message ? 'status-message' : 'alert-empty'}>
      {message && <p className="status-text">{message}</p>}
    </div>
  );
}

/** A warning that needs attention now (an alert): shown only while there is one. */
export function WarningMessage({ message }: { message: string | false | null | undefined }) {
  if (!message) return null;
  return (
    <div className="notice" role="alert">
      <p>{message}</p>
    </div>
  );
}
