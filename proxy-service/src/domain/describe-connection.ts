import type { Organisation } from 'xero-node';
import type { ConnectionRecord, UsageRecord } from '../store/store';
import type { Connection } from './contract-shapes';
import { omitUndefined } from './map-tax-rate';
import { windowsTimeZoneOf } from './windows-time-zone';

export interface ConnectionFacts {
  connection: ConnectionRecord;
  /** Fresh from Xero; absent when Xero could not be asked. */
  organisation?: Organisation;
  /** Why Xero could not be asked (error code and message). */
  problem?: { code: string; message: string };
  usage?: UsageRecord;
  dailyCallLimit: number;
  adminUrl: string;
}

/** Error codes that mean an admin must reconnect the organisation (its health light turns red). */
export const RECONNECT_CODES: ReadonlySet<string> = new Set(['XERO_RECONNECT_NEEDED', 'XERO_FORBIDDEN']);

/** The contract's Connection: organisation details, health light and today's usage of Xero's daily allowance. */
export function describeConnection(f: ConnectionFacts): Connection {
  const { connection: c, organisation: org } = f;
  let health: Connection['health'] = 'Connected';
  let healthMessage: string | undefined;
  if (c.status === 'ReconnectNeeded' || (f.problem && RECONNECT_CODES.has(f.problem.code))) {
    health = 'ReconnectNeeded';
    healthMessage = f.problem?.message ?? `The Xero authorisation has lapsed; reconnect at ${f.adminUrl}.`;
  } else if (f.problem) {
    health = 'Degraded';
    healthMessage = f.problem.message;
  }
  const dayRemaining = f.usage?.lastHeaders.dayRemaining;
  const callsToday =
    dayRemaining !== undefined
      ? Math.max(f.usage?.calls ?? 0, f.dailyCallLimit - dayRemaining)
      : (f.usage?.calls ?? 0);
  return omitUndefined({
    organisationName: org?.name ?? c.tenantName,
    tenantId: c.tenantId,
    shortCode: org?.shortCode ?? c.shortCode ?? undefined,
    baseCurrency: (org?.baseCurrency ? String(org.baseCurrency) : c.baseCurrency) ?? undefined,
    countryCode: (org?.countryCode ? String(org.countryCode) : c.countryCode) ?? undefined,
    timezone: org?.timezone ? String(org.timezone) : undefined,
    windowsTimeZone: windowsTimeZoneOf(org?.timezone ? String(org.timezone) : undefined),
    organisationType: org?.organisationType ? String(org.organisationType) : undefined,
    health,
    healthMessage,
    tokenExpiresAt: c.tokenExpiresAt,
    apiCallsToday: callsToday,
    dailyCallLimit: f.dailyCallLimit,
    adminUrl: f.adminUrl,
  });
}
