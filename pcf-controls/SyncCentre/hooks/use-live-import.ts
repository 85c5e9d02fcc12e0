import * as React from 'react';
import { describeWebApiError } from '../../shared/web-api-error';
import type { ImportSnapshot } from '../sync-centre-model';

export interface LiveImportOptions {
  /** Undefined on an unsaved connection: there is nothing to re-read. */
  recordId?: string;
  /** Re-reads the import columns from Dataverse. */
  readLive: () => Promise<Partial<ImportSnapshot>>;
  /** How often to re-read while an import is requested or running; 0 = never. */
  refreshMs: number;
}

export interface LiveImport {
  /** What to show: the newest snapshot known, the form's own values when nothing newer was read. */
  current: ImportSnapshot;
  /** An import is requested or running. */
  busy: boolean;
  /** Why the last re-read failed (re-reading then stops until the form's values change). */
  liveError?: string;
  /** Shows a snapshot newer than the form (our own request) until the form's values change. */
  setLive: (snapshot: ImportSnapshot) => void;
}

/** The import's state, re-read from Dataverse every `refreshMs` while an import is requested or running. */
export function useLiveImport(
  model: ImportSnapshot,
  { recordId, readLive, refreshMs }: LiveImportOptions,
): LiveImport {
  // Newer than the form: set by our own request and by live re-reads; dropped when the form's values change.
  const [live, setLive] = React.useState<ImportSnapshot | undefined>();
  const [liveError, setLiveError] = React.useState<string | undefined>();
  // updateView passes a new function on every call; the refresh timer must not restart because of that.
  const readLiveRef = React.useRef(readLive);
  readLiveRef.current = readLive;
  const modelRef = React.useRef(model);
  modelRef.current = model;
  const lastImportTime = model.lastImportOn?.getTime();
  React.useEffect(() => {
    setLive(undefined);
    setLiveError(undefined);
  }, [model.request, model.progressText, lastImportTime]);

  const current: ImportSnapshot = live ?? model;
  const busy = current.request === 'Requested' || current.request === 'Running';

  React.useEffect(() => {
    if (!busy || !recordId || refreshMs <= 0 || liveError) return undefined;
    // Cleared on unmount too, so a late answer is dropped.
    let cancelled = false;
    const poll = async (): Promise<void> => {
      try {
        const snapshot = await readLiveRef.current();
        if (!cancelled) setLive((previous) => ({ ...(previous ?? modelRef.current), ...snapshot }));
      } catch (error: unknown) {
        if (!cancelled) setLiveError(describeWebApiError(error, '?'));
      }
    };
    const timer = window.setTimeout(() => void poll(), refreshMs);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [busy, recordId, refreshMs, live, liveError]);

  return { current, busy, liveError, setLive };
}
