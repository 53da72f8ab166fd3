/**
 * A form's submit button: while the form is sending it says so and is marked disabled for
 * assistive technology (aria-disabled keeps it focusable; the form ignores a second submit).
 */
export function SubmitButton({
  busy,
  label,
  busyLabel,
}: {
  busy: boolean;
  label: string;
  busyLabel: string;
}) {
  return (
    <button type="submit" className="button" aria-disabled={busy || undefined}>
      {busy ? busyLabel : label}
    </button>
  );
}
