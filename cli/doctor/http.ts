import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpReply {
  status: number;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or undefined when it was not JSON. */
  body: unknown;
}

export interface GetOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  /** A pinned CA (Proxmox); node:https takes it per request, where global fetch would need undici's Agent. */
  ca?: Buffer;
  rejectUnauthorized?: boolean;
}

const MAX_BODY = 1024 * 1024;

/** One GET with a hard timeout; redirects are not followed (a credential is never sent anywhere else). */
export function getJson(url: string, options: GetOptions): Promise<HttpReply> {
  const target = new URL(url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'GET',
        headers: { accept: 'application/json', ...options.headers },
        timeout: options.timeoutMs,
        ...(target.protocol === 'https:'
          ? { ...(options.ca ? { ca: options.ca } : {}), rejectUnauthorized: options.rejectUnauthorized ?? true }
          : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY) chunks.push(chunk);
        });
        res.on('end', () => {
          let body: unknown;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${options.timeoutMs / 1000} s`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });
}

const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function isTlsError(error: unknown): boolean {
  return TLS_CODES.has((error as { code?: string }).code ?? '');
}

/** "cannot reach host (ECONNREFUSED)" without the URL's credentials or query. */
export function networkProblem(error: unknown, where: string): string {
  const code = (error as { code?: string }).code;
  return `cannot reach ${where} (${code ?? (error as Error).message})`;
}
