import type { Request, Response } from 'express';
import type { XeroEmulator } from '../emulator';

/** What a control handler works with: the request, the reply, and the running emulator. */
export interface ControlRequest {
  req: Request;
  res: Response;
  emulator: XeroEmulator;
}

/** One endpoint of the /__emulator control API: method, Express path under /__emulator, handler. */
export interface ControlRoute {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  handle(request: ControlRequest): Promise<void> | void;
}

/** A handler that answers 204 No Content once `act` has run. */
export function noContentAfter(act: (request: ControlRequest) => void): ControlRoute['handle'] {
  return (request) => {
    act(request);
    request.res.status(204).end();
  };
}
