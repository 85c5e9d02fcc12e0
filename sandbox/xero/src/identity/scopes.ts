/**
 * Xero's OAuth scopes (reference/xero-api.md section 9): the broad ones, the granular ones of the 2026 change, and
 * which of them open each Accounting API resource.
 */
const IDENTITY_SCOPES = ['openid', 'profile', 'email', 'offline_access'];
const BROAD = ['accounting.transactions', 'accounting.contacts', 'accounting.settings'];
const GRANULAR = [
  'accounting.invoices',
  'accounting.payments',
  'accounting.banktransactions',
  'accounting.manualjournals',
  'accounting.classicexpenses',
  'accounting.reports.read',
  'accounting.attachments',
  'accounting.budgets.read',
  'accounting.journals.read',
];
const WITH_READ = [...BROAD, ...GRANULAR.filter((s) => !s.endsWith('.read'))].flatMap((s) => [
  s,
  `${s}.read`,
]);
const ALL = new Set([...IDENTITY_SCOPES, ...WITH_READ, ...GRANULAR]);

export function isKnownScope(scope: string): boolean {
  return ALL.has(scope);
}

export function parseScopeList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Resource (first path segment under /api.xro/2.0, lower-cased) → scope families that open it. */
const RESOURCE_SCOPES: Record<string, string[]> = {
  invoices: ['accounting.transactions', 'accounting.invoices'],
  creditnotes: ['accounting.transactions', 'accounting.invoices'],
  quotes: ['accounting.transactions', 'accounting.invoices'],
  purchaseorders: ['accounting.transactions', 'accounting.invoices'],
  repeatinginvoices: ['accounting.transactions', 'accounting.invoices'],
  linkedtransactions: ['accounting.transactions', 'accounting.invoices'],
  // Items open with either the settings scope or the granular invoices scope (section 4).
  items: ['accounting.transactions', 'accounting.invoices', 'accounting.settings'],
  payments: ['accounting.transactions', 'accounting.payments'],
  batchpayments: ['accounting.transactions', 'accounting.payments'],
  overpayments: ['accounting.transactions', 'accounting.payments'],
  prepayments: ['accounting.transactions', 'accounting.payments'],
  banktransactions: ['accounting.transactions', 'accounting.banktransactions'],
  banktransfers: ['accounting.transactions', 'accounting.banktransactions'],
  manualjournals: ['accounting.transactions', 'accounting.manualjournals'],
  contacts: ['accounting.contacts'],
  contactgroups: ['accounting.contacts'],
  accounts: ['accounting.settings'],
  taxrates: ['accounting.settings'],
  brandingthemes: ['accounting.settings'],
  currencies: ['accounting.settings'],
  trackingcategories: ['accounting.settings'],
};

/**
 * Whether the granted scopes open `resource` for `method`. GETs accept the `.read` variants too. Organisation and
 * resources the table does not list open with any accounting scope: xero-node's updateTenants() reads
 * /Organisation for every app, whatever it asked for (lenient on purpose; Xero's exact rule is UNVERIFIED).
 */
export function scopesAllow(granted: readonly string[], resource: string, method: string): boolean {
  const families = RESOURCE_SCOPES[resource.toLowerCase()];
  const readOnly = method === 'GET' || method === 'HEAD';
  if (!families) return granted.some((s) => s.startsWith('accounting.'));
  return families.some((f) => granted.includes(f) || (readOnly && granted.includes(`${f}.read`)));
}
