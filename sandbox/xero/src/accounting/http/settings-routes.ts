/** Read-only settings: TaxRates, Accounts, BrandingThemes, Currencies, Organisation (reference/xero-api.md section 7). */
import { applyList } from '../query/list-query';
import { accountListSpec, taxRateListSpec } from '../query/entity-fields';
import { accountToWire, brandingThemeToWire, organisationToWire, taxRateToWire } from '../wire/settings-wire';
import { ifModifiedSince } from './list-request';
import type { RouteDefinition } from './route-table';
import { envelope, notFound } from './xero-replies';

export const settingsRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/TaxRates',
    query: ['where', 'order', 'TaxType'],
    handle: (req) => {
      const taxType = req.query.string('TaxType');
      const rates = taxType
        ? req.books.taxRates().filter((r) => r.taxType.toUpperCase() === taxType.toUpperCase())
        : req.books.taxRates();
      const { items } = applyList(rates, taxRateListSpec(), {
        where: req.query.string('where'),
        order: req.query.string('order'),
      });
      return envelope(req, 'TaxRates', items.map(taxRateToWire));
    },
  },
  {
    method: 'GET',
    path: '/TaxRates/:taxType',
    query: [],
    handle: (req) => {
      const rate = req.books.findTaxRate(req.params.taxType!);
      return rate ? envelope(req, 'TaxRates', [taxRateToWire(rate)]) : notFound();
    },
  },
  {
    method: 'GET',
    path: '/Accounts',
    query: ['where', 'order'],
    handle: (req) => {
      // If-Modified-Since is honoured trivially: the chart of accounts never changes after seeding.
      const since = ifModifiedSince(req);
      const accounts = since && since >= req.books.seed.createdDateUtc ? [] : req.books.accounts();
      const { items } = applyList(accounts, accountListSpec(), {
        where: req.query.string('where'),
        order: req.query.string('order'),
      });
      return envelope(
        req,
        'Accounts',
        items.map((a) => accountToWire(req.books, a)),
      );
    },
  },
  {
    method: 'GET',
    path: '/Accounts/:id',
    query: [],
    handle: (req) => {
      const account = req.books.findAccount(req.params.id!);
      return account ? envelope(req, 'Accounts', [accountToWire(req.books, account)]) : notFound();
    },
  },
  {
    method: 'GET',
    path: '/BrandingThemes',
    query: [],
    handle: (req) =>
      envelope(
        req,
        'BrandingThemes',
        req.books.seed.brandingThemes.map((t) => brandingThemeToWire(req.books, t)),
      ),
  },
  {
    method: 'GET',
    path: '/BrandingThemes/:id',
    query: [],
    handle: (req) => {
      const theme = req.books.seed.brandingThemes.find(
        (t) => t.brandingThemeId.toLowerCase() === req.params.id!.toLowerCase(),
      );
      return theme ? envelope(req, 'BrandingThemes', [brandingThemeToWire(req.books, theme)]) : notFound();
    },
  },
  {
    method: 'GET',
    path: '/Currencies',
    // where/order are not accepted (501): the list is short enough that nobody filters it.
    query: [],
    handle: (req) => {
      const codes = [req.books.baseCurrency, ...Object.keys(req.books.seed.foreignCurrencies)];
      return envelope(
        req,
        'Currencies',
        codes.map((Code) => ({ Code, Description: Code })),
      );
    },
  },
  {
    method: 'GET',
    path: '/Organisation',
    query: [],
    handle: (req) => envelope(req, 'Organisations', [organisationToWire(req.books)]),
  },
];
