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
  /** Reports every committed invoice / contact / credit note change, however made; returns the unsubscribe. */
  onChange(listener: (change: BookChange) => void): () => void;
  /** Invoice emails sent from Xero, oldest first (the control API's /emails); optional for stand-ins. */
  invoiceEmails?(): Array<{ emailId: string; invoiceId: string; to: string[]; sentDateUtc: Date }>;
  /** Seeds a tracking category with options (the control API's /tracking-categories); optional for stand-ins. */
  seedTrackingCategory?(seed: TrackingCategorySeed): {
    trackingCategoryId: string;
    options: Array<{ trackingOptionId: string; name: string }>;
  };
}

/** A tracking category to seed, with its options; `archived` lists option names to archive after creating them. */
export interface TrackingCategorySeed {
  name: string;
  options: string[];
  archivedOptions?: string[];
  status?: 'ACTIVE' | 'ARCHIVED';
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
