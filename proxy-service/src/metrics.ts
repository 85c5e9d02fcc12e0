/**
 * Prometheus metrics (prom-client), one registry per app instance so several apps in one test process stay apart.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class ProxyMetrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'dxc_http_requests_total',
    help: 'HTTP requests answered, by route and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'dxc_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['route', 'method'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly xeroCalls = new Counter({
    name: 'dxc_xero_calls_total',
    help: 'Calls to Xero by tenant, operation and outcome (ok, rate_limited, client_error, server_error, network_error)',
    labelNames: ['tenant', 'operation', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly xeroDayRemaining = new Gauge({
    name: 'dxc_xero_day_limit_remaining',
    help: 'X-DayLimit-Remaining last reported by Xero, per tenant',
    labelNames: ['tenant'] as const,
    registers: [this.registry],
  });
  readonly xeroMinuteRemaining = new Gauge({
    name: 'dxc_xero_minute_limit_remaining',
    help: 'X-MinLimit-Remaining last reported by Xero, per tenant',
    labelNames: ['tenant'] as const,
    registers: [this.registry],
  });
  readonly xeroAppMinuteRemaining = new Gauge({
    name: 'dxc_xero_app_minute_limit_remaining',
    help: 'X-AppMinLimit-Remaining last reported by Xero (app-wide)',
    registers: [this.registry],
  });
  readonly tokenRefreshes = new Counter({
    name: 'dxc_xero_token_refreshes_total',
    help: 'Token refreshes by outcome (ok, invalid_grant, failed, skipped_already_fresh)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'dxc_' });
  }

  observeRateHeaders(tenantId: string, headers: Record<string, string>): void {
    const set = (gauge: Gauge<'tenant'>, header: string) => {
      const v = Number(headers[header]);
      if (headers[header] !== undefined && Number.isFinite(v)) gauge.set({ tenant: tenantId }, v);
    };
    set(this.xeroDayRemaining, 'x-daylimit-remaining');
    set(this.xeroMinuteRemaining, 'x-minlimit-remaining');
    const app = Number(headers['x-appminlimit-remaining']);
    if (headers['x-appminlimit-remaining'] !== undefined && Number.isFinite(app))
      this.xeroAppMinuteRemaining.set(app);
  }
}
