/** A settled block's off-thread result (settled-parser.ts) as React state: re-renders when it arrives. */
import { useCallback, useSyncExternalStore } from 'react';
import { jobKey, type JobResult, type ParseJob } from './parse-jobs';
import { settledParser } from './settled-parser';

const noSubscription = (): void => undefined;

/**
 * The job's result (null: show it as plain text), undefined until it arrives or while `job` is null (a
 * block still streaming).
 */
export function useParseResult<J extends ParseJob>(job: J | null): JobResult<J> | undefined {
  // A job is a new object every render; its key says whether it is the same work.
  const key = job === null ? null : jobKey(job);
  const subscribe = useCallback(
    (onChange: () => void) =>
      job === null ? noSubscription : settledParser.subscribe(job, onChange),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `job` is known by its key
    [key],
  );
  const result = useCallback(
    () => (job === null ? undefined : settledParser.result(job)),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `job` is known by its key
    [key],
  );
  return useSyncExternalStore(subscribe, result, result);
}
