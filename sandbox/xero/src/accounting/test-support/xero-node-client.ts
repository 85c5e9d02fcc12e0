/**
 * The real xero-node v20 client pointed at a local accounting server: no initialize(), a token set with any
 * access token, and `accountingApi.basePath` overridden (reference/xero-api.md section 11).
 */
import { XeroClient } from 'xero-node';

export function xeroNodeClientFor(basePath: string): XeroClient {
  const xero = new XeroClient({
    clientId: 'accounting-suite',
    clientSecret: 'not-a-secret',
    redirectUris: ['http://localhost/cb'],
  });
  xero.setTokenSet({ access_token: 'test', token_type: 'Bearer', expires_in: 1800 });
  xero.accountingApi.basePath = basePath;
  return xero;
}

/** xero-node rejects with a JSON string; this returns its parsed `response` ({statusCode, body, headers}). */
export async function rejectionOf(
  promise: Promise<unknown>,
): Promise<{ statusCode: number; body: unknown; headers: Record<string, string> }> {
  try {
    await promise;
  } catch (error) {
    const parsed = JSON.parse(typeof error === 'string' ? error : JSON.stringify(error)) as {
      response: { statusCode: number; body: unknown; headers: Record<string, string> };
    };
    return parsed.response;
  }
  throw new Error('Expected the xero-node call to fail, but it succeeded');
}

/** The ValidationErrors messages of a refused write's body, in order. */
export function validationMessages(body: unknown): string[] {
  const elements = (body as { Elements?: Array<{ ValidationErrors?: Array<{ Message: string }> }> }).Elements;
  return (elements ?? []).flatMap((e) => (e.ValidationErrors ?? []).map((v) => v.Message));
}
