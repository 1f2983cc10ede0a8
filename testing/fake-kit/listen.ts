// A fake's HTTP(S) server on a free loopback port, and a close that does not wait for keep-alive sockets or for
// requests a test left hanging on purpose.
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface Listening {
  server: Server;
  port: number;
  /** `http://127.0.0.1:<port>` (or https). */
  origin: string;
  close(): Promise<void>;
}

/** Serves `handler` on 127.0.0.1:0, over TLS when a certificate is given. */
export async function listen(handler: RequestListener, tls?: { cert: string; key: string }): Promise<Listening> {
  const server: Server = tls ? createHttpsServer(tls, handler) : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    origin: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
