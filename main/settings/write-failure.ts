/** Why a settings write failed, in words a person can act on (the system's code kept for support). */
const reasons: Record<string, string> = {
  ENOSPC: 'the disk is full; free some space and try again',
  EDQUOT: 'your disk quota is used up; free some space and try again',
  EROFS: 'the settings folder is on a read-only disk',
  EACCES: 'the settings folder cannot be written to (check its permissions)',
  EPERM: 'the settings folder cannot be written to (check its permissions)',
  EBUSY: 'another program is holding the settings file; try again in a moment',
  EIO: 'the disk reported an error',
};

/** The system's error code (`ENOENT`, `ENOSPC`, ...), or '' when the error carries none. */
export const errorCode = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';

export function describeWriteFailure(error: unknown): string {
  const code = errorCode(error);
  const reason = reasons[code];
  if (reason) return `${reason} (${code})`;
  return code ? `the file could not be written (${code})` : 'the file could not be written';
}
