/**
 * What a person reads when Runnel fails to start: what happened, that their data is untouched and
 * where it is, and what to do. Electron-free; main/index.ts shows it and then ends the process, so
 * no half-started app keeps the single-instance lock and makes every later launch open nothing.
 */
import { redactSecrets } from '../chat/errors';

export interface StartupFailureNotice {
  title: string;
  content: string;
}

/** The first line of the error's message: the stack stays in the log, out of the dialog. */
const causeOf = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n').find((line) => line.trim() !== '') ?? '';
  return firstLine.trim() || 'an unexpected error, with no description';
};

export function describeStartupFailure(error: unknown, dataFolder: string): StartupFailureNotice {
  return {
    title: 'Runnel could not start',
    content: [
      `Something went wrong while Runnel was starting: ${redactSecrets(causeOf(error), [])}`,
      `Your settings and history were not changed. They are in ${dataFolder}.`,
      'Start Runnel again. If this happens every time, start it from a terminal to see the details, ' +
        'and report them with this message.',
    ].join('\n\n'),
  };
}
