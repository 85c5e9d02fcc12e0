import * as React from 'react';
import type { FailedCount } from '../failed-count';

/**
 * The record's failures as counted in Dataverse, read again when `countKey` changes; undefined while reading, when
 * there is no counter and when the read is refused.
 */
export function useFailedCount(
  countFailed: (() => Promise<FailedCount>) | undefined,
  countKey: string,
): FailedCount | undefined {
  const [failedCount, setFailedCount] = React.useState<FailedCount | undefined>();
  // updateView passes a new function on every call; only a new record or new entries should re-read the count.
  const countFailedRef = React.useRef(countFailed);
  countFailedRef.current = countFailed;
  const canCount = countFailed !== undefined;
  React.useEffect(() => {
    const count = countFailedRef.current;
    if (!count) return undefined;
    let cancelled = false;
    const read = async (): Promise<void> => {
      let result: FailedCount | undefined;
      try {
        result = await count();
      } catch {
        // A refused read (privileges, offline) leaves the failed count out rather than showing a guess.
        result = undefined;
      }
      if (!cancelled) setFailedCount(result);
    };
    void read();
    return () => {
      cancelled = true;
    };
  }, [countKey, canCount]);
  return failedCount;
}
