/**
 * The sync activity page of one connection: the last SyncInvoices runs and their failures, Xero calls today and
 * over the last seven days, and the health of its webhooks (Xero's events in, notifications out to flows).
 */
import type { ConnectionRecord, UsageRecord } from '../store/store';
import { html } from './html';
import type { RawHtml } from './html';
import { callsToday, page, usageCell } from './admin-views';
import { timeAt } from './portal-time';
import type { SyncRunRecord, WebhookHealth, WebhookProblem } from './sync-activity-store';

export interface ActivityInput {
  csrf: string;
  connection: ConnectionRecord;
  runs: SyncRunRecord[];
  /** Oldest first, the last entry today (UTC days, as Xero counts its day limit). */
  days: { day: string; usage?: UsageRecord }[];
  webhooks: WebhookHealth;
  dailyLimit: number;
}

function trend(input: ActivityInput): RawHtml {
  const counts = input.days.map(({ usage }, i) =>
    i === input.days.length - 1 ? callsToday(usage, input.dailyLimit) : (usage?.calls ?? 0),
  );
  const most = Math.max(1, ...counts);
  return html`<table>
    <caption class="muted" style="text-align:left">
      Xero calls per day (UTC), last 7 days
    </caption>
    <tr>
      <th scope="col">Day</th>
      <th scope="col">Calls</th>
      <th scope="col">Rate-limited</th>
      <th scope="col">Trend</th>
    </tr>
    ${input.days.map(
      ({ day, usage }, i) =>
        html`<tr>
          <td>${i === input.days.length - 1 ? `${day} (today)` : day}</td>
          <td>${counts[i]}</td>
          <td>${usage?.rateLimited ?? 0}</td>
          <td>
            <span
              class="bar"
              aria-hidden="true"
              style="width:${Math.round((counts[i]! / most) * 200)}px"
            ></span>
          </td>
        </tr>`,
    )}
  </table>`;
}

function runsTable(runs: SyncRunRecord[]): RawHtml {
  if (!runs.length)
    return html`<p class="muted">No sync has run for this organisation in the last 30 days.</p>`;
  return html`<table>
    <tr>
      <th scope="col">Finished</th>
      <th scope="col">Invoices</th>
      <th scope="col">Created</th>
      <th scope="col">Updated</th>
      <th scope="col">Unchanged</th>
      <th scope="col">Failed</th>
    </tr>
    ${runs.map(
      (r) =>
        html`<tr>
          <td>${timeAt(r.finishedAt)}</td>
          <td>${r.total}</td>
          <td>${r.created}</td>
          <td>${r.updated}</td>
          <td>${r.unchanged}</td>
          <td>${r.error ? html`<strong>all: batch failed</strong>` : r.failed}</td>
        </tr>`,
    )}
  </table>`;
}

function failuresList(runs: SyncRunRecord[]): RawHtml {
  const failed = runs.filter((r) => r.error || r.failures.length);
  if (!failed.length) return html`<p>No failures in the runs listed.</p>`;
  return html`<ul>
    ${failed.map(
      (r) =>
        html`<li>
          ${timeAt(r.finishedAt)}:
          ${
            r.error
              ? html`the whole batch of ${r.total} failed: ${r.error}`
              : html`<ul>
                  ${r.failures.map(
                    (f) =>
                      html`<li>
                        invoice
                        ${f.invoiceNumber ? html`<strong>${f.invoiceNumber}</strong> ` : ''}<code>${f.invoiceId}</code>:
                        ${f.message}
                      </li>`,
                  )}
                </ul>`
          }
        </li>`,
    )}
  </ul>`;
}

function problem(p: WebhookProblem | null): RawHtml {
  if (!p) return html`none`;
  return html`${timeAt(p.at)}: ${p.message}
  ${p.givenUp ? html`<strong>(given up)</strong>` : html`(will be tried again)`}`;
}

function webhooksTable(w: WebhookHealth): RawHtml {
  return html`<table>
    <tr>
      <th scope="row">Flow triggers listening</th>
      <td>${w.activeSubscriptions}</td>
    </tr>
    <tr>
      <th scope="row">Events from Xero</th>
      <td>
        last received ${timeAt(w.lastEventAt, 'never')} · ${w.eventsSince} in the last 24 hours ·
        ${w.eventsWaiting} waiting to be processed
      </td>
    </tr>
    <tr>
      <th scope="row">Last event problem</th>
      <td>${problem(w.lastEventProblem)}</td>
    </tr>
    <tr>
      <th scope="row">Notifications to flows</th>
      <td>
        ${w.deliveredSince} delivered and ${w.givenUpSince} given up in the last 24 hours ·
        ${w.notificationsWaiting} waiting · last delivered ${timeAt(w.lastDeliveredAt, 'never')}
      </td>
    </tr>
    <tr>
      <th scope="row">Last delivery problem</th>
      <td>${problem(w.lastDeliveryProblem)}</td>
    </tr>
  </table>`;
}

export function activityView(input: ActivityInput): string {
  const c = input.connection;
  const today = input.days[input.days.length - 1]?.usage;
  return page(
    `Sync activity · ${c.tenantName}`,
    html`<nav class="back" aria-label="Breadcrumb"><a href="/admin">Connections</a> › ${c.tenantName}</nav>
      <section class="card" aria-labelledby="calls-heading">
        <h2 id="calls-heading">Sync activity of ${c.tenantName}</h2>
        <p>${usageCell(today, input.dailyLimit)}</p>
        ${trend(input)}
      </section>
      <section class="card" aria-labelledby="runs-heading">
        <h2 id="runs-heading">Last syncs</h2>
        ${runsTable(input.runs)}
        <h3>Failures</h3>
        ${failuresList(input.runs)}
      </section>
      <section class="card" aria-labelledby="webhooks-heading">
        <h2 id="webhooks-heading">Webhook health</h2>
        ${webhooksTable(input.webhooks)}
      </section>`,
    true,
    input.csrf,
  );
}
