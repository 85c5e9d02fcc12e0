/**
 * Lets platform middleware see a response before it leaves: the idempotency store records it, and the
 * "drop-response" fault processes a request and then never answers. Buffers write()/end() and hands the complete
 * response to `hook`, which calls `proceed()` to send it (or never does).
 */
import type { Response } from 'express';
import type { OutgoingHttpHeaders } from 'node:http';

export interface CapturedResponse {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

type End = (chunk?: unknown, encoding?: unknown, cb?: unknown) => Response;

function toBuffer(chunk: unknown, encoding: unknown): Buffer | undefined {
  if (chunk === undefined || chunk === null || typeof chunk === 'function') return undefined;
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk);
  return Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
}

export function captureResponse(
  res: Response,
  hook: (captured: CapturedResponse, proceed: () => void) => void,
): void {
  const chunks: Buffer[] = [];
  const originalEnd = res.end.bind(res) as End;
  res.write = ((chunk: unknown, encoding?: unknown) => {
    const b = toBuffer(chunk, encoding);
    if (b) chunks.push(b);
    return true;
  }) as Response['write'];
  res.end = ((chunk?: unknown, encoding?: unknown) => {
    const b = toBuffer(chunk, encoding);
    if (b) chunks.push(b);
    const body = Buffer.concat(chunks);
    hook({ status: res.statusCode, headers: res.getHeaders(), body }, () => {
      originalEnd(body);
    });
    return res;
  }) as Response['end'];
}
