import type { Logger } from 'pino';
import type { ProxyConfig } from './config';
import type { ContractValidator } from './http/contract-validator';
import type { ProxyMetrics } from './metrics';
import type { SecretBox } from './store/secret-box';
import type { Store } from './store/store';
import type { InvoiceSyncService } from './orchestration/invoice-sync-service';
import type { InvoiceChangeNotifier } from './webhooks/invoice-change-notifier';
import type { ConnectService } from './xero/connect-service';
import type { RateGovernor } from './xero/rate-governor';
import type { ReferenceCache } from './xero/reference-cache';
import type { TokenVault } from './xero/token-vault';
import type { XeroClientFactory } from './xero/xero-client-factory';
import type { XeroGateway } from './xero/xero-gateway';

/** Everything the HTTP layer needs, built once per proxy instance (see create-proxy.ts). */
export interface ProxyServices {
  config: ProxyConfig;
  logger: Logger;
  store: Store;
  box: SecretBox;
  metrics: ProxyMetrics;
  validator: ContractValidator;
  factory: XeroClientFactory;
  governor: RateGovernor;
  vault: TokenVault;
  gateway: XeroGateway;
  connect: ConnectService;
  referenceCache: ReferenceCache;
  /** The organisation as GetConnection last read it (15 minutes). */
  organisationCache: ReferenceCache;
  /** Turns stored Xero webhook events into WhenAnInvoiceChanges notifications and delivers them. */
  webhooks: InvoiceChangeNotifier;
  /** SyncInvoices and CancelInvoice, one at a time per organisation across every instance on the store. */
  invoiceSync: InvoiceSyncService;
  /** The admin portal's address, named in reconnect messages. */
  adminUrl: string;
  /** Signs admin session cookies. */
  sessionKey: Buffer;
  adminSecret: string;
  /** Xero's daily call limit per organisation (5,000; 1,000 on the 2026 Starter tier). */
  dailyCallLimit: number;
  now: () => number;
}
