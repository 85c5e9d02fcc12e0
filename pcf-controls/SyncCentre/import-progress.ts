import type { ChoiceLabel } from '../shared/option-values';

/**
 * The reference-data import runs four steps in this order (Xero needs tax rates before account codes can refer to
 * them; branding themes, then tracking categories with their options, last). DESIGN.md B10, issue 14 §2.
 */
export const IMPORT_STEPS = ['taxRates', 'accountCodes', 'brandingThemes', 'trackingCategories'] as const;
export type ImportStep = (typeof IMPORT_STEPS)[number];
/** `incomplete`: the run failed and this step never reported, so it is neither waiting nor known to be done. */
export type StepState = 'pending' | 'running' | 'done' | 'failed' | 'skipped' | 'incomplete';

export interface StepProgress {
  step: ImportStep;
  state?: StepState;
  count?: number;
  note?: string;
}

export interface ParsedProgress {
  steps: StepProgress[];
  /** Text that is not in the step format (e.g. an error from the flow), shown as written. */
  note?: string;
}

const STEP_ALIASES: Record<string, ImportStep> = {
  taxrates: 'taxRates',
  taxrate: 'taxRates',
  tax: 'taxRates',
  accountcodes: 'accountCodes',
  accountcode: 'accountCodes',
  accounts: 'accountCodes',
  account: 'accountCodes',
  chartofaccounts: 'accountCodes',
  brandingthemes: 'brandingThemes',
  brandingtheme: 'brandingThemes',
  themes: 'brandingThemes',
  branding: 'brandingThemes',
  trackingcategories: 'trackingCategories',
  trackingcategory: 'trackingCategories',
  tracking: 'trackingCategories',
};

const STATE_ALIASES: Record<string, StepState> = {
  pending: 'pending',
  waiting: 'pending',
  queued: 'pending',
  todo: 'pending',
  running: 'running',
  inprogress: 'running',
  importing: 'running',
  started: 'running',
  done: 'done',
  completed: 'done',
  complete: 'done',
  ok: 'done',
  succeeded: 'done',
  success: 'done',
  imported: 'done',
  failed: 'failed',
  error: 'failed',
  skipped: 'skipped',
};

const squash = (text: string) => text.toLowerCase().replace(/[^a-z]/g, '');

/**
 * Parses dxc_importprogress. Format (written by the import flow, documented in the README):
 *
 *   `tax rates: done (12); account codes: running; branding themes: pending; tracking categories: pending`
 *
 * Segments are separated by `;` or new lines; each is `<step>: <state>` with an optional `(<count>)` and an optional
 * ` - <note>`. Step and state names are matched loosely (case, spaces and aliases such as "accounts" or
 * "completed"). Anything else is kept as a free-text note, so a message the flow writes by hand is never lost.
 */
export function parseImportProgress(text: string | undefined | null): ParsedProgress {
  const found = new Map<ImportStep, StepProgress>();
  const leftovers: string[] = [];
  for (const rawSegment of (text ?? '').split(/[;\n\r]+/)) {
    const segment = rawSegment.trim();
    if (!segment) continue;
    const match =
      /^([^:]+):\s*([A-Za-z][A-Za-z ]*?)\s*(?:\((\d+)\)|(\d+)\s+imported)?\s*(?:[-–]\s*(.+))?$/.exec(segment);
    const step = match ? STEP_ALIASES[squash(match[1] as string)] : undefined;
    const state = match ? STATE_ALIASES[squash(match[2] as string)] : undefined;
    if (!match || !step || !state || found.has(step)) {
      leftovers.push(segment);
      continue;
    }
    const countText = match[3] ?? match[4];
    found.set(step, {
      step,
      state,
      count: countText === undefined ? undefined : Number(countText),
      note: match[5]?.trim() || undefined,
    });
  }
  return {
    steps: IMPORT_STEPS.map((step) => found.get(step) ?? { step }),
    note: leftovers.length > 0 ? leftovers.join('\n') : undefined,
  };
}

/** A dxc_importrequest label. */
export type ImportRequest = ChoiceLabel<'dxc_importrequest'>;

/**
 * What each step shows, combining the request state with the parsed progress: a fresh request shows every step
 * waiting (the progress text still holds the previous run); a completed run without per-step detail shows all done;
 * a failed run's unreported steps are "not completed" (nothing waits any more: the run is over), and the flow's
 * free-text message is shown beside them as the reason.
 */
export function resolveSteps(request: ImportRequest | undefined, progress: ParsedProgress): StepProgress[] {
  if (request === 'Requested') return IMPORT_STEPS.map((step) => ({ step, state: 'pending' }));
  return progress.steps.map((step) => {
    // A step still "running" or "pending" in a failed run's text was stopped by the failure.
    if (request === 'Failed' && (!step.state || step.state === 'running' || step.state === 'pending'))
      return { ...step, state: 'incomplete' };
    if (step.state) return step;
    if (request === 'Completed') return { ...step, state: 'done' };
    if (request === 'Running') return { ...step, state: 'pending' };
    return step;
  });
}
