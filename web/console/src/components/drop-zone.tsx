import { type ReactNode, useState } from 'react';

/**
 * A box files can be dropped on, around the file input: dropping is a pointer shortcut, the input
 * inside is the way for everyone. `hints` say "or drop a file here" and, while one is dragged
 * over the box, "drop it"; `footer` follows them (e.g. the chosen file).
 */
export function DropZone({
  onFiles,
  hints,
  footer,
  children,
}: {
  onFiles: (files: FileList) => void;
  hints: readonly [idle: string, active: string];
  footer?: ReactNode;
  children: ReactNode;
}) {
  const [dragging, setDragging] = useState(false);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping is a pointer shortcut; the file input inside is the way for everyone
    <div
      className={dragging ? 'drop-zone drop-zone-active' : 'drop-zone'}
      onDragEnter={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragOver={(event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(event) => {
        // Leaving for a child of the box is not leaving the box.
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        onFiles(event.dataTransfer.files);
      }}
    >
      {children}
      <p className="drop-hint" aria-hidden="true">
        {dragging ? hints[1] : hints[0]}
      </p>
      {footer}
    </div>
  );
}
