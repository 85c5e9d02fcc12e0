/**
 * better-sqlite3 is synchronous: while it waits for another process's write lock (busy_timeout) the whole event
 * loop waits with it — /healthz took 11.7 s behind a lock held elsewhere. So the store waits only a few
 * milliseconds inside SQLite and otherwise gives the lock back to the event loop: a call that finds the database
 * busy is tried again later, with backoff, until the lock is free or the wait is long enough to call the database
 * unavailable.
 */

/** How long SQLite itself may block the event loop per attempt. */
export const SQLITE_BUSY_TIMEOUT_MS = 20;
/** After this long the busy error is reported (the error mapping answers 503 STORE_UNAVAILABLE). */
const GIVE_UP_AFTER_MS = 30_000;
const FIRST_WAIT_MS = 5;
const LONGEST_WAIT_MS = 250;

export function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED');
}

/**
 * Runs `work` (synchronous database work, or an async method whose body is) until it does not fail with
 * SQLITE_BUSY; waits between attempts without blocking. Only for work that changes nothing when it fails busy: one
 * statement, or one transaction (both roll back whole).
 */
export async function untilNotBusy<T>(work: () => T | Promise<T>, onWait?: () => void): Promise<T> {
  const deadline = Date.now() + GIVE_UP_AFTER_MS;
  let wait = FIRST_WAIT_MS;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!isSqliteBusy(error) || Date.now() + wait > deadline) throw error;
    }
    onWait?.();
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(LONGEST_WAIT_MS, wait * 2);
  }
}

/**
 * The same object with every method that returns a promise retried by untilNotBusy. The SQLite tables classes'
 * methods are each one statement or one transaction, so a busy failure left nothing half done. Methods named in
 * `except` (they run callbacks with side effects between statements) handle busy themselves.
 */
export function retryingWhenBusy<T extends object>(
  target: T,
  onWait?: () => void,
  except: readonly string[] = [],
): T {
  return new Proxy(target, {
    get(obj, property, receiver) {
      const value: unknown = Reflect.get(obj, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || except.includes(property))
        return value;
      const method = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        const first = method.apply(obj, args);
        if (!(first instanceof Promise)) return first;
        return first.catch((error: unknown) => {
          if (!isSqliteBusy(error)) throw error;
          onWait?.();
          return untilNotBusy(() => method.apply(obj, args), onWait);
        });
      };
    },
  });
}
