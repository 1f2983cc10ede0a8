import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { SERVER_CERT_PEM, SERVER_KEY_PEM, TEST_CA_PEM } from '../proxmox-fake/tls/certs.js';
import { type Listening, listen, readBody, recordBase, RequestLog, type RecordedBase } from './index.js';

interface Recorded extends RecordedBase {
  body: string;
}

let open: Listening[] = [];
afterEach(async () => {
  await Promise.all(open.map((l) => l.close()));
  open = [];
});

/** A fake that records every request and answers 200 with the body it read. */
async function echo(tls?: { cert: string; key: string }): Promise<{ listening: Listening; log: RequestLog<Recorded> }> {
  const log = new RequestLog<Recorded>();
  const listening = await listen((req, res) => {
    void readBody(req).then((body) => {
      log.add({ ...recordBase(req, new URL(req.url ?? '/', 'http://x').pathname), body });
      res.writeHead(200).end(body);
    });
  }, tls);
  open.push(listening);
  return { listening, log };
}

function send(listening: Listening, headers: Record<string, string>, body = ''): Promise<string> {
  const request = listening.origin.startsWith('https') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(`${listening.origin}/a/b?c=1`, { method: 'POST', headers, ca: TEST_CA_PEM, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the fake kit', () => {
  it('listens on a free loopback port over http and https', async () => {
    const plain = await echo();
    const secure = await echo({ cert: SERVER_CERT_PEM, key: SERVER_KEY_PEM });
    expect(plain.listening.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(secure.listening.origin).toBe(`https://127.0.0.1:${secure.listening.port}`);
    expect(await send(plain.listening, {}, 'over http')).toBe('over http');
    expect(await send(secure.listening, {}, 'over https')).toBe('over https');
  });

  it('records method, path, body and headers, keeping only whether credentials came, never their value', async () => {
    const { listening, log } = await echo();
    await send(listening, { authorization: 'Bot secret-token', cookie: 'session=secret', 'x-trace': 'kept' }, '{"a":1}');
    await send(listening, {});
    expect(log.all.map(({ method, path, body, authorized }) => ({ method, path, body, authorized }))).toEqual([
      { method: 'POST', path: '/a/b', body: '{"a":1}', authorized: true },
      { method: 'POST', path: '/a/b', body: '', authorized: false },
    ]);
    expect(log.all[0]?.headers['x-trace']).toBe('kept');
    expect(JSON.stringify(log.all)).not.toContain('secret');
  });

  it('resets in place, so a reference a test holds sees the empty record', async () => {
    const { listening, log } = await echo();
    const held = log.all;
    await send(listening, {});
    log.reset();
    expect(held).toEqual([]);
    await send(listening, {});
    expect(held).toHaveLength(1);
  });

  it('closes while a client still holds a keep-alive connection', async () => {
    const { listening } = await echo();
    const agent = new (await import('node:http')).Agent({ keepAlive: true });
    await new Promise<void>((resolve) => httpRequest(`${listening.origin}/`, { agent }, (res) => res.resume().on('end', resolve)).end());
    open = [];
    await listening.close();
    agent.destroy();
    await expect(send(listening, {})).rejects.toThrow(/ECONNREFUSED/);
  });
});
