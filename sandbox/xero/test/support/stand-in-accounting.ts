/**
 * A deliberately tiny stand-in for the accounting half (src/accounting), used by the platform suites so they test
 * the platform alone: Organisation, and a Contacts resource that stores, echoes and reports its changes (which the
 * platform turns into webhook events).
 * The real books are exercised by src/accounting's own suites and by test/platform/with-real-books.test.ts.
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import type { BookChange } from '../../src/accounting/seam';
import type { AccountingModule, OrganisationSeed } from '../../src/accounting-module';
import type { Clock } from '../../src/clock';

export class StandInBooks {
  readonly organisationId: string;
  readonly name: string;
  readonly shortCode: string;
  readonly contacts: Record<string, unknown>[] = [];
  processed = 0;
  private readonly listeners = new Set<(change: BookChange) => void>();
  onChange(listener: (change: BookChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  contactCreated(contactId: string): void {
    const change: BookChange = {
      category: 'CONTACT',
      eventType: 'CREATE',
      resourceId: contactId,
      at: this.clock.now(),
    };
    for (const listener of this.listeners) listener(change);
  }
  private paused?: { started: () => void; resumed: Promise<void> };
  /** The next PUT /Contacts stops after it has started processing, until `resume()`. */
  pauseNext(): { started: Promise<void>; resume: () => void } {
    let started!: () => void;
    let resume!: () => void;
    const startedP = new Promise<void>((r) => (started = r));
    const resumed = new Promise<void>((r) => (resume = r));
    this.paused = { started, resumed };
    return { started: startedP, resume };
  }
  async gate(): Promise<void> {
    const p = this.paused;
    this.paused = undefined;
    if (p) {
      p.started();
      await p.resumed;
    }
  }
  constructor(
    seed: OrganisationSeed,
    readonly clock: Clock,
  ) {
    this.organisationId = seed.organisationId;
    this.name = seed.name;
    this.shortCode = seed.shortCode;
  }
}

const seed = (opts: { name: string; shortCode?: string; organisationId?: string }): OrganisationSeed =>
  ({
    organisationId: opts.organisationId ?? randomUUID(),
    name: opts.name,
    shortCode: opts.shortCode ?? '!Stand',
  }) as OrganisationSeed;

export const STAND_IN_DEMO_ID = '0f1e2d3c-4b5a-4987-8654-3210fedcba98';

export const standInAccounting: AccountingModule = {
  OrganisationBooks: StandInBooks,
  demoCompanyUk: () =>
    seed({ name: 'Demo Company (UK)', shortCode: '!Demo', organisationId: STAND_IN_DEMO_ID }),
  organisationSeed: seed,
  createAccountingRouter: () => {
    const router = express.Router();
    router.use(express.json());
    router.get('/Organisation', (_req, res) => {
      const books = res.locals.books as StandInBooks;
      res.json({
        Organisations: [
          { OrganisationID: books.organisationId, Name: books.name, ShortCode: books.shortCode },
        ],
      });
    });
    router.get(
      '/Contacts',
      (_req, res) => void res.json({ Contacts: (res.locals.books as StandInBooks).contacts }),
    );
    router.put('/Contacts', async (req, res) => {
      const books = res.locals.books as StandInBooks;
      books.processed += 1;
      await books.gate();
      const created: Record<string, unknown>[] = (
        (req.body as { Contacts?: Record<string, unknown>[] }).Contacts ?? []
      ).map((c) => ({ ...c, ContactID: randomUUID() }));
      if (created.some((c) => c.Name === 'fail')) {
        res
          .status(400)
          .json({ ErrorNumber: 10, Type: 'ValidationException', Message: 'A validation exception occurred' });
        return;
      }
      books.contacts.push(...created);
      for (const c of created) books.contactCreated(String(c.ContactID));
      res.json({ Id: randomUUID(), Status: 'OK', Contacts: created });
    });
    router.use(
      (req, res) =>
        void res.status(501).json({ Detail: `stand-in does not implement ${req.method} ${req.path}` }),
    );
    return router;
  },
};
