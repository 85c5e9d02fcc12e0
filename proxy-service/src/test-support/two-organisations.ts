/**
 * Two Xero organisations that differ where it matters (issue 14): the emulator's Demo Company (UK) in GBP with 20 %
 * standard VAT, and a New Zealand company in NZD whose standard rate (OUTPUT2) is 15 % GST. Both are seeds of the
 * real emulator; the NZ one is the generic seed with its currency, country, time zone and rates set.
 */
import { demoCompanyUk, organisationSeed } from '@dxc/xero-emulator';

export const NZ_TENANT_ID = '5a0e7c1d-2b3f-4c4d-8e5f-6a7b8c9d0e1f';

type Seed = ReturnType<typeof demoCompanyUk>;

export function nzCompany(): Seed {
  const seed = organisationSeed({
    name: 'Kiwi Trading (NZ)',
    baseCurrency: 'NZD',
    countryCode: 'NZ',
    organisationId: NZ_TENANT_ID,
  });
  return {
    ...seed,
    timezone: 'NEWZEALANDSTANDARDTIME',
    version: 'NZ',
    taxRates: seed.taxRates.map((t) =>
      t.taxType === 'OUTPUT2'
        ? { ...t, name: '15% GST on Income', rate: 15 }
        : t.taxType === 'INPUT2'
          ? { ...t, name: '15% GST on Expenses', rate: 15 }
          : t,
    ),
  };
}

/** The emulator's organisations for a two-organisation test: the UK demo company first, the NZ one second. */
export function twoOrganisations(): Seed[] {
  return [demoCompanyUk(), nzCompany()];
}
