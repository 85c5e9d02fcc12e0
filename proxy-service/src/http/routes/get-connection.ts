import { ProxyError } from '../../errors';
import { describeConnection } from '../../domain/describe-connection';
import type { OperationHandler } from '../operation';

/**
 * GetConnection — the connector's connection test, and the first step of every solution flow. Reads the
 * organisation from Xero, so a green answer means the stored authorisation really works; a lapsed one answers 200
 * with health ReconnectNeeded (the Sync centre shows the red light) rather than an error.
 *
 * The organisation is kept for 15 minutes after a successful read: three flows running every 5 minutes would
 * otherwise spend 864 of an organisation's daily calls (1,000 on Xero's Starter tier) on this alone. Health stays
 * current meanwhile: any call that finds the authorisation lapsed marks the connection in the store, which this
 * answer reads every time.
 */
export const getConnection: OperationHandler = {
  operationId: 'GetConnection',
  async handle({ connection, services }) {
    let organisation;
    let problem: ProxyError | undefined;
    if (connection.status === 'Connected') {
      try {
        organisation = await services.organisationCache.get(connection.tenantId, 'organisation', () =>
          services.gateway.getOrganisation(connection),
        );
      } catch (error) {
        if (!(error instanceof ProxyError)) throw error;
        problem = error;
      }
    }
    const current = (await services.store.getConnection(connection.id)) ?? connection;
    const usage = await services.store.getUsage(
      current.tenantId,
      new Date(services.now()).toISOString().slice(0, 10),
    );
    return {
      body: describeConnection({
        connection: current,
        organisation,
        problem: problem && { code: problem.code, message: problem.message },
        usage,
        dailyCallLimit: services.dailyCallLimit,
        adminUrl: services.adminUrl,
      }),
    };
  },
};
