/** A download of what the page shows (CSV), with what the file holds said under it. */
export function ExportLink({ href, label, hint }: { href: string; label: string; hint: string }) {
  return (
    <div className="export-row">
      <a className="button button-secondary" href={href} download>
        {label}
      </a>
      <p className="field-hint">{hint}</p>
    </div>
  );
}
