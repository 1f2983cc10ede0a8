// The loopback fakes do not serve three reads the doctor makes: GitHub's `GET /user` (with `x-oauth-scopes`)
// and Proxmox's `GET /access/permissions`. Until they do, a small front answers those itself and forwards every
// other request to the real fake unchanged.
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { SERVER_CERT_PEM, SERVER_KEY_PEM, TEST_CA_PEM } from '../../../testing/proxmox-fake/tls/certs.js';

export interface ExtraReply {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

export type ExtraRoute = (method: string, path: string, authorization: string | undefined) => ExtraReply | undefined;

export interface Front {
  port: number;
  origin: string;
  close(): Promise<void>;
}

export async function frontFake(target: string, extra: ExtraRoute, options: { tls?: boolean } = {}): Promise<Front> {
  const to = new URL(target);
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const own = extra(req.method ?? 'GET', (req.url ?? '/').split('?')[0] ?? '/', req.headers.authorization);
    if (own) {
      res.writeHead(own.status, { 'content-type': 'application/json', ...own.headers });
      res.end(JSON.stringify(own.body));
      return;
    }
    const request = to.protocol === 'https:' ? httpsRequest : httpRequest;
    const upstream = request(
      new URL(req.url ?? '/', to.origin),
      { method: req.method, headers: { ...req.headers, host: to.host }, ...(to.protocol === 'https:' ? { ca: TEST_CA_PEM } : {}) },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  const server = options.tls ? createHttpsServer({ cert: SERVER_CERT_PEM, key: SERVER_KEY_PEM }, handler) : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
