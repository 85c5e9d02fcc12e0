import type { PathPattern } from './path-patterns';
import type { WebApiRequest } from './web-api-request';

/** One entry of the route table: a method (or `*` for any) and a path shape, and what answers them. */
export interface WebApiRoute {
  readonly method: string;
  readonly path: string;
  answers(request: WebApiRequest): boolean;
  run(request: WebApiRequest): void;
}

export function route<T>(method: string, pattern: PathPattern<T>, handle: (target: T) => void): WebApiRoute {
  return {
    method,
    path: pattern.text,
    answers: (r) => (method === '*' || method === r.method) && pattern.matches(r.path),
    run: (r) => handle(pattern.bind(r)),
  };
}
