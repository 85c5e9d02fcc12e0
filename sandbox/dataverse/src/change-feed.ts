import { errors } from './http/dataverse-error';
import { compileFilter, type FilterEnvironment, type RowPredicate } from './odata/filter-evaluator';
import type { Schema } from './schema/schema-types';
import { isLookupRef, type Row } from './store/row-store';

// What drives the flow runner's "When a row is added, modified or deleted" trigger (SubscribeWebhookTrigger):
// every committed write becomes an event; a subscription picks events by message, table, scope, filtering
// attributes (updates only, fire when one of them was in the update, changed or not, as Dataverse does) and a
// filter expression evaluated on the saved row (the pre-image for deletes).
// Codes: callbackregistration message 1 Added, 2 Deleted, 3 Modified, 4 Added|Modified, 5 Added|Deleted,
// 6 Modified|Deleted, 7 all; scope 1 User, 2 BusinessUnit, 3 ParentChildBusinessUnit, 4 Organization
// (flow-runner.md 4.1, power-platform.md 4.3). Scope 3 is treated like 2 (the emulator has one business unit).

export type SdkMessage = 'Create' | 'Update' | 'Delete';

export interface ChangeEvent {
  /** Increasing number of the event in this emulator. */
  sequence: number;
  message: SdkMessage;
  /** Logical name (`invoice`). */
  table: string;
  entitySetName: string;
  id: string;
  /** The row after the write in Web API JSON with all annotations (absent for Delete). */
  image?: Record<string, unknown>;
  /** The row before the write (Update and Delete). */
  preImage?: Record<string, unknown>;
  /** Columns included in the update (or every column set on create). */
  changedAttributes: string[];
  /** When the write was committed (emulator clock, ISO). */
  at: string;
  /** The user that made the change (RunAsSystemUserId of the modifying user). */
  userId: string;
  /** Raw stored rows, for filter evaluation. */
  raw: { image?: Row; preImage?: Row };
}

export interface ChangeSubscription {
  /** Logical name of the table (`subscriptionRequest/entityname`). */
  entityName: string;
  /** 1..7 (callbackregistration codes) or explicit messages. */
  message: number | SdkMessage[];
  /** 1 User, 2 BusinessUnit, 3 ParentChildBusinessUnit, 4 Organization (default). */
  scope?: number;
  /** Comma list or array of column logical names; only for updates. */
  filteringAttributes?: string | string[];
  /** OData $filter evaluated on the saved row. */
  filterExpression?: string;
  /** The subscribing user (for User / BusinessUnit scope); defaults to the emulator's current user. */
  userId?: string;
}

export type ChangeListener = (event: ChangeEvent) => void | Promise<void>;

const MESSAGE_CODES: Record<number, SdkMessage[]> = {
  1: ['Create'],
  2: ['Delete'],
  3: ['Update'],
  4: ['Create', 'Update'],
  5: ['Create', 'Delete'],
  6: ['Update', 'Delete'],
  7: ['Create', 'Update', 'Delete'],
};

interface ActiveSubscription {
  messages: Set<SdkMessage>;
  table: string;
  scope: number;
  filtering?: Set<string>;
  filter?: RowPredicate;
  userId: string;
  listener: ChangeListener;
}

export class ChangeFeed {
  private readonly subscriptions = new Set<ActiveSubscription>();
  private readonly events: ChangeEvent[] = [];
  private sequence = 0;
  private readonly failures: unknown[] = [];

  constructor(
    private readonly schema: Schema,
    private readonly env: FilterEnvironment,
    private readonly businessUnitOf: (userId: string) => string | undefined,
  ) {}

  /** Registers a listener; returns the function that removes it. Invalid subscriptions throw a DataverseError. */
  subscribe(spec: ChangeSubscription, listener: ChangeListener): () => void {
    const table = this.schema.tables.get(spec.entityName);
    if (!table)
      throw errors.badRequest(`The entity name '${spec.entityName}' of the subscription does not exist.`);
    const messages = Array.isArray(spec.message) ? spec.message : MESSAGE_CODES[spec.message];
    if (!messages || messages.length === 0) {
      throw errors.badRequest(
        `The subscription message '${String(spec.message)}' is not 1..7 or a list of Create/Update/Delete.`,
      );
    }
    const scope = spec.scope ?? 4;
    if (![1, 2, 3, 4].includes(scope))
      throw errors.badRequest(`The subscription scope ${scope} is not 1..4.`);
    let filtering: Set<string> | undefined;
    if (spec.filteringAttributes !== undefined) {
      const list = Array.isArray(spec.filteringAttributes)
        ? spec.filteringAttributes
        : spec.filteringAttributes.split(',');
      filtering = new Set(list.map((s) => s.trim()).filter(Boolean));
      for (const a of filtering) {
        if (!table.columns.has(a)) throw errors.propertyNotFound(a, table.logicalName);
      }
      if (filtering.size === 0) filtering = undefined;
    }
    const filter = spec.filterExpression ? compileFilter(spec.filterExpression, table, this.env) : undefined;
    const sub: ActiveSubscription = {
      messages: new Set(messages),
      table: table.logicalName,
      scope,
      filtering,
      filter,
      userId: (spec.userId ?? this.env.currentUserId).toLowerCase(),
      listener,
    };
    this.subscriptions.add(sub);
    return () => {
      this.subscriptions.delete(sub);
    };
  }

  /** Every event so far (oldest first). */
  log(): ChangeEvent[] {
    return [...this.events];
  }

  /** Errors thrown by listeners (they never fail the write that caused the event). */
  listenerFailures(): unknown[] {
    return [...this.failures];
  }

  /** Internal: records a committed write and notifies matching subscribers asynchronously. */
  publish(e: Omit<ChangeEvent, 'sequence'>): ChangeEvent {
    const event: ChangeEvent = { ...e, sequence: ++this.sequence };
    this.events.push(event);
    for (const sub of this.subscriptions) {
      if (this.matches(sub, event)) {
        queueMicrotask(() => {
          try {
            const r = sub.listener(event);
            if (r && typeof (r as Promise<void>).catch === 'function') {
              (r as Promise<void>).catch((err: unknown) => this.failures.push(err));
            }
          } catch (err) {
            this.failures.push(err);
          }
        });
      }
    }
    return event;
  }

  private matches(sub: ActiveSubscription, e: ChangeEvent): boolean {
    if (sub.table !== e.table || !sub.messages.has(e.message)) return false;
    const row = e.raw.image ?? e.raw.preImage;
    if (!row) return false;
    if (sub.scope === 1) {
      const owner = row.ownerid;
      if (!isLookupRef(owner) || owner.id !== sub.userId) return false;
    } else if (sub.scope === 2 || sub.scope === 3) {
      const bu = row.owningbusinessunit;
      if (!isLookupRef(bu) || bu.id !== this.businessUnitOf(sub.userId)) return false;
    }
    if (e.message === 'Update' && sub.filtering && !e.changedAttributes.some((a) => sub.filtering!.has(a))) {
      return false;
    }
    return sub.filter ? sub.filter(row) : true;
  }
}
