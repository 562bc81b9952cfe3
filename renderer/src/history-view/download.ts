/**
 * Saves text as a file the way a browser does: a Blob URL on an <a download>. No fetch is involved
 * (the CSP's connect-src does not apply); Electron shows its Save dialog for it.
 */
export function downloadText(fileName: string, text: string, type: string): void {
  downloadFile(fileName, new Blob([text], { type }));
}

/** The same for bytes already in a Blob or File (a damaged history file, kept as it was). */
export function downloadFile(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy by the next task; a minute is generous for slow disks.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file name from a conversation title: readable, no path or reserved characters, not too long. */
export function fileNameFor(title: string, extension: string): string {
  const base = title
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\u0000-\u001f<>:"/\\|?*]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 80)
    .trim();
  return `${base || 'Conversation'}.${extension}`;
}

/** `runnel-history-2025-05-01.json`, in local time. */
export function backupFileName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `runnel-history-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.json`;
}
