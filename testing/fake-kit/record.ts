// What every fake records of a request, so a test can assert "this input caused zero requests" the same way on each.
import type { IncomingMessage } from 'node:http';

/** The part of a recorded request the three fakes share; each fake adds its own fields (status, API version…). */
export interface RecordedBase {
  method: string;
  /** The path as the fake's service routes it (its API prefix removed). */
  path: string;
  /** The request headers, credentials left out (see `authorized`). */
  headers: Record<string, string>;
  /** Whether the request carried credentials at all (their value is never kept). */
  authorized: boolean;
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key']);

/** Method, path and headers of `req`, with the credentials replaced by whether there were any. */
export function recordBase(req: IncomingMessage, path: string): RecordedBase {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !SECRET_HEADERS.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { method: req.method ?? 'GET', path, headers, authorized: req.headers.authorization !== undefined };
}

/** A request's body as text (the fakes parse it their service's way). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The recorded requests of one fake: appended in order, and emptied in place by a reset (a test's reference stays valid). */
export class RequestLog<T extends RecordedBase> {
  readonly all: T[] = [];

  add(entry: T): T {
    this.all.push(entry);
    return entry;
  }

  reset(): void {
    this.all.length = 0;
  }
}
