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
