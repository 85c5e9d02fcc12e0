import { DefaultButton, Spinner, SpinnerSize, getId, mergeStyles } from '@fluentui/react';
import * as React from 'react';
import { Glyph } from '../../shared/icons';
import { Notice } from '../../shared/notice';
import type { Translate } from '../../shared/strings';
import { describeWebApiError } from '../../shared/web-api-error';
import type { CancellationState } from '../cancellation-retry-model';

export interface CancellationRetryProps {
  /** Reads the invoice's latest cancellation row; undefined on an unsaved invoice. */
  load?: () => Promise<CancellationState>;
  /** Asks for the retry on the Failed history row (the cancelled invoice itself is read-only). */
  requestRetry: (historyId: string) => Promise<void>;
  t: Translate;
  classes: { field: string; label: string; message: string; muted: string; actions: string };
  /** How often the outcome is read again while a retry is pending, and how many times at most. */
  pollMs: number;
  maxPolls: number;
}

/**
 * The invoice's cancellation in Xero, on a cancelled invoice only: a failure with its Retry cancellation button,
 * then the request pending, then the outcome the Retry cancellation in Xero flow recorded. The button works while
 * the form is read-only (a cancelled invoice's form is): it writes the history row, not the invoice.
 */
export function CancellationRetry(props: CancellationRetryProps): React.ReactElement | null {
  const { load, requestRetry, t, classes, pollMs, maxPolls } = props;
  const [state, setState] = React.useState<CancellationState>({ kind: 'none' });
  // The history row this panel asked a retry for: pending until a read shows a newer cancellation row.
  const [requestedFor, setRequestedFor] = React.useState<string | undefined>();
  const [working, setWorking] = React.useState(false);
  const [error, setError] = React.useState<string | undefined>();
  const [polls, setPolls] = React.useState(0);
  const headingId = React.useRef(getId('dxc-cancellation')).current;
  const loadRef = React.useRef(load);
  loadRef.current = load;
  const mounted = React.useRef(true);
  React.useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const refresh = React.useCallback(async (): Promise<void> => {
    const read = loadRef.current;
    if (!read) return;
    try {
      const next = await read();
      if (mounted.current) setState(next);
    } catch {
      // A refused read leaves what is shown: the panel's other fields do not depend on it.
    }
  }, []);

  const hasLoader = load !== undefined;
  React.useEffect(() => {
    if (hasLoader) void refresh();
  }, [hasLoader, refresh]);

  const pending =
    state.kind === 'pending' ||
    (state.kind === 'failed' && requestedFor !== undefined && requestedFor === state.historyId);

  React.useEffect(() => {
    if (!pending || polls >= maxPolls) return undefined;
    const timer = setTimeout(() => {
      setPolls((n) => n + 1);
      void refresh();
    }, pollMs);
    return () => clearTimeout(timer);
  }, [pending, polls, maxPolls, pollMs, refresh, state]);

  const retry = async (historyId: string): Promise<void> => {
    setWorking(true);
    setError(undefined);
    try {
      await requestRetry(historyId);
      if (!mounted.current) return;
      setRequestedFor(historyId);
      setPolls(0);
    } catch (failure: unknown) {
      if (mounted.current)
        setError(t('CancelRetry_Error', describeWebApiError(failure, t('Retry_ErrorUnknown'))));
    } finally {
      if (mounted.current) setWorking(false);
    }
  };

  if (state.kind === 'none') return null;

  let body: React.ReactElement;
  if (pending) {
    body = (
      <div
        className={`${classes.message} ${mergeStyles({ display: 'flex', alignItems: 'center', gap: 6 })}`}
        role="status"
        data-testid="cancellation-pending"
      >
        <Spinner size={SpinnerSize.xSmall} />
        <span>{polls >= maxPolls ? t('CancelRetry_PendingLong') : t('CancelRetry_Pending')}</span>
      </div>
    );
  } else if (state.kind === 'cancelled') {
    body = (
      <p className={classes.message} data-testid="cancellation-outcome">
        <Glyph name="success" size={12} /> {t('CancelRetry_Cancelled', state.on ?? '')}
        {state.details ? <span className={classes.muted}> {state.details}</span> : null}
      </p>
    );
  } else {
    const failed = state as Extract<CancellationState, { kind: 'failed' }>;
    body = (
      <>
        <p className={classes.message} data-testid="cancellation-failed">
          <Glyph name="error" size={12} /> {t('CancelRetry_Failed', failed.on ?? '')}
          {failed.details ? <span className={classes.muted}> {failed.details}</span> : null}
        </p>
        <div className={classes.actions}>
          <DefaultButton
            text={working ? t('Retry_Working') : t('CancelRetry_Button')}
            disabled={working}
            onClick={() => void retry(failed.historyId)}
          />
        </div>
      </>
    );
  }

  return (
    <div className={classes.field} role="group" aria-labelledby={headingId} data-testid="cancellation">
      <span className={classes.label} id={headingId}>
        {t('CancelRetry_Label')}
      </span>
      {body}
      {error ? (
        <Notice kind="error" dismissLabel={t('Dismiss')} onDismiss={() => setError(undefined)}>
          {error}
        </Notice>
      ) : null}
    </div>
  );
}
