/**
 * What the platform needs from the accounting half (src/accounting/index.ts): the seam's contract as a type, so
 * platform tests can pass a tiny stand-in and check the platform alone.
 */
import type { Router } from 'express';
import type { Clock } from './clock';
import type { AccountingContext, BookChange } from './accounting/seam';
import type { OrganisationSeed } from './accounting/seeds/organisation-seed';
import * as accounting from './accounting';

export type { OrganisationSeed };

export interface TenantBooks {
  readonly organisationId: string;
  readonly name: string;
  readonly shortCode: string;
  /** Reports every committed invoice / contact change, however it was made; returns the unsubscribe function. */
  onChange(listener: (change: BookChange) => void): () => void;
}

export interface AccountingModule {
  createAccountingRouter(ctx: AccountingContext): Router;
  OrganisationBooks: new (seed: OrganisationSeed, clock: Clock) => TenantBooks;
  demoCompanyUk(): OrganisationSeed;
  organisationSeed(opts: {
    name: string;
    shortCode?: string;
    baseCurrency?: string;
    countryCode?: string;
    organisationId?: string;
  }): OrganisationSeed;
}

export function loadAccountingModule(): AccountingModule {
  return accounting;
}
