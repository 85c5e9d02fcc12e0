import * as React from 'react';
import { useLatestRead } from '../../shared/use-latest-read';
import type { FailedCount } from '../failed-count';

/**
 * The record's failures as counted in Dataverse, read again when `countKey` changes (a new record, or new entries);
 * undefined while reading, when there is no counter and when the read is refused.
 */
export function useFailedCount(
  countFailed: (() => Promise<FailedCount>) | undefined,
  countKey: string,
): FailedCount | undefined {
  const [failedCount, setFailedCount] = React.useState<FailedCount | undefined>();
  const read = countFailed
    ? async (): Promise<FailedCount | undefined> => {
        try {
          return await countFailed();
        } catch {
          // A refused read (privileges, offline) leaves the failed count out rather than showing a guess.
          return undefined;
        }
      }
    : undefined;
  useLatestRead(read, setFailedCount, [countKey, countFailed !== undefined]);
  return failedCount;
}
