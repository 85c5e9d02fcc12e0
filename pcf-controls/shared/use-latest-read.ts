import * as React from 'react';

/**
 * Runs `read` after a render in which `deps` changed (nothing when `read` is undefined) and hands its answer to
 * `deliver`, unless the deps changed again or the control unmounted first: a late answer is dropped.
 * `read` is the one passed with that render, so a host that passes a new function on every updateView does not
 * start another read.
 */
export function useLatestRead<T>(
  read: (() => Promise<T>) | undefined,
  deliver: (answer: T) => void,
  deps: React.DependencyList,
): void {
  React.useEffect(() => {
    if (!read) return undefined;
    let current = true;
    const run = async (): Promise<void> => {
      const answer = await read();
      if (current) deliver(answer);
    };
    void run();
    return () => {
      current = false;
    };
    // The caller's deps decide when to read again, not the identity of `read` or `deliver`.
  }, deps);
}
