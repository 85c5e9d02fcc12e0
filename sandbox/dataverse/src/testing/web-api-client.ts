import { DynamicsWebApi, type RequestError } from 'dynamics-web-api';
import type { DataverseEmulator } from '../emulator';

/** A real third-party Web API client (dynamics-web-api) pointed at the emulator, as the conformance tests use it. */
export function webApiClient(emulator: DataverseEmulator, token = 'unused-by-default'): DynamicsWebApi {
  return new DynamicsWebApi({
    serverUrl: `${emulator.url}/`,
    dataApi: { version: '9.2' },
    // Without it the client turns 404/412 of conditional updates into a `false` result instead of an error.
    propagateErrors: true,
    onTokenRefresh: async () => token,
  });
}

/** The RequestError a client call rejects with (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<RequestError> {
  try {
    await p;
  } catch (e) {
    return e as RequestError;
  }
  throw new Error('expected the request to fail, it succeeded');
}

/** A Web API JSON body as tests read it (rows or an error). */
export interface ODataJson {
  error: { code: string; message: string };
  value: Record<string, unknown>[];
  [annotation: string]: unknown;
}

export const readJson = async (res: Response): Promise<ODataJson> => (await res.json()) as ODataJson;
