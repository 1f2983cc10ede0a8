import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../testing/wait-for.js';
import { startWebBoard, type WebBoard } from './test-board.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function ask(port: number, path: string, options: { method?: string; host?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { Host: options.host ?? `127.0.0.1:${port}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('protolabs-mcp board --web: the server', () => {
  let board: WebBoard;
  beforeAll(async () => {
    board = await startWebBoard({
      'feature-a': { title: 'Plan', status: 'done', priority: 1 },
      'feature-b': {
        title: 'Build',
        status: 'in_progress',
        dependencies: ['feature-a'],
        claimedBy: 'agent-7',
        leaseExpiresAt: '2099-01-01T00:00:00.000Z',
        statusHistory: [{ from: 'backlog', to: 'in_progress', timestamp: '2026-11-27T09:30:00.000Z', by: 'agent-7' }],
        branchName: 'feature/build',
        prNumber: 12,
        prUrl: 'https://github.com/o/r/pull/12',
        verificationEvidence: {
          command: 'npm test',
          exitCode: 0,
          passed: true,
          durationMs: 5,
          outputTail: 'ok',
          headSha: 'abcdef1234567890',
          at: '2026-11-27T09:40:00.000Z',
        },
      },
      'feature-c': { title: 'Ship', dependencies: ['feature-b'], category: 'release' },
      'feature-d': { title: 'Stuck', status: 'blocked', statusChangeReason: 'waits on a human' },
      'feature-e': { title: 'Linked elsewhere', status: 'review', prNumber: 3, prUrl: 'javascript:alert(1)' },
    });
    board.plantApproval('apr_merge12', { title: 'Merge PR #12', feature: 'feature-b', risk: 'low' });
  });
  afterAll(async () => {
    await board?.close();
  });
  const boardPort = () => board.web.port;

  it('listens on 127.0.0.1 only', () => {
    expect(board.web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('refuses a request whose Host is not the loopback address it serves (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${board.web.port}`, `127.0.0.1:${board.web.port + 1}`, `0.0.0.0:${board.web.port}`]) {
      const answer = await ask(board.web.port, '/api/board', { host });
      expect(answer.status, host).toBe(403);
      expect(answer.body, host).not.toContain('Plan');
    }
    expect((await ask(board.web.port, '/api/board')).status).toBe(200);
    expect((await ask(board.web.port, '/api/board', { host: `localhost:${board.web.port}` })).status).toBe(200);
  });

  it('changes nothing: every method but GET and HEAD is refused with 405', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      const answer = await ask(board.web.port, '/api/board', { method });
      expect(answer.status, method).toBe(405);
      expect(answer.headers.allow).toBe('GET, HEAD');
    }
    expect((await ask(board.web.port, '/', { method: 'HEAD' })).status).toBe(200);
  });

  it('sends a strict Content-Security-Policy and no CORS header on every answer', async () => {
    for (const path of ['/', '/app.js', '/api/board', '/api/feature?id=feature-b', '/nothing', '/api/column?status=nope']) {
      const answer = await ask(board.web.port, path);
      expect(answer.headers['content-security-policy'], path).toMatch(/default-src 'none'; script-src 'self';/);
      expect(answer.headers['x-content-type-options'], path).toBe('nosniff');
      expect(
        Object.keys(answer.headers).filter((h) => h.startsWith('access-control-')),
        path,
      ).toEqual([]);
    }
    const page = (await ask(board.web.port, '/')).body;
    expect(page).not.toMatch(/<script>|<script [^>]*>[^<]|\son[a-z]+=|style=/i);
  });

  it('puts each feature in its status column with what its card shows', async () => {
    // The approval was written after the server started: it arrives like any later change.
    const answer = await waitFor(
      'the approval to reach the card of feature-b',
      async () => {
        const board = JSON.parse((await ask(boardPort(), '/api/board')).body);
        return (
          board.columns.some((c: { cards: Array<{ approvals: unknown[] }> }) => c.cards.some((card) => card.approvals.length > 0)) && board
        );
      },
      20_000,
    );
    const column = (status: string) => answer.columns.find((c: { status: string }) => c.status === status);
    expect(column('done').cards.map((c: { title: string }) => c.title)).toEqual(['Plan']);
    expect(column('backlog').cards).toEqual([
      expect.objectContaining({ title: 'Ship', ready: false, dependencies: [{ title: 'Build', done: false }] }),
    ]);
    expect(column('blocked').cards[0]).toMatchObject({ title: 'Stuck', blockedReason: 'waits on a human' });
    expect(column('in_progress').cards[0]).toMatchObject({
      title: 'Build',
      holder: 'agent-7',
      claimedSince: '2026-11-27T09:30:00.000Z',
      branch: 'feature/build',
      pr: { number: 12, url: 'https://github.com/o/r/pull/12', state: 'open' },
      verification: { passed: true, headSha: 'abcdef123456', command: 'npm test' },
      dependencies: [{ title: 'Plan', done: true }],
      approvals: [{ id: 'apr_merge12', title: 'Merge PR #12', status: 'pending', risk: 'low' }],
    });
    expect(column('review').cards[0].pr).toEqual({ number: 3, state: 'open' });
  });

  it('answers a column page by page, filtered by text and category', async () => {
    const filtered = JSON.parse((await ask(board.web.port, '/api/board?q=SHI')).body);
    expect(filtered.columns.flatMap((c: { cards: Array<{ title: string }> }) => c.cards.map((card) => card.title))).toEqual(['Ship']);
    const release = JSON.parse((await ask(board.web.port, '/api/column?status=backlog&category=release&offset=0&limit=1')).body);
    expect(release).toMatchObject({ status: 'backlog', total: 1, cards: [{ title: 'Ship' }] });
    for (const bad of [
      '/api/column?status=nope',
      '/api/column?status=done&limit=100000',
      '/api/column?status=done&offset=-1',
      `/api/board?q=${'x'.repeat(201)}`,
      '/api/feature?id=../etc',
    ]) {
      expect((await ask(board.web.port, bad)).status, bad).toBe(400);
    }
  });

  it('pushes only what changed over server-sent events when a feature is edited by hand', async () => {
    const events: string[] = [];
    const req = request(
      { host: '127.0.0.1', port: board.web.port, path: '/events', headers: { Host: `127.0.0.1:${board.web.port}` } },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => events.push(chunk));
      },
    );
    req.end();
    await waitFor('the event stream to say hello', () => events.join('').includes('event: hello'), 20_000);
    board.plant('feature-d', { title: 'Unstuck', status: 'backlog' });
    const change = await waitFor(
      'a change event naming feature-d',
      () =>
        events
          .join('')
          .split('\n\n')
          .find((e) => e.startsWith('event: change') && e.includes('feature-d')),
      20_000,
    );
    req.destroy();
    const data = JSON.parse(change.slice(change.indexOf('data: ') + 6));
    expect(data.upserts.map((c: { id: string }) => c.id)).toEqual(['feature-d']);
    expect(data.counts).toMatchObject({ backlog: 2, blocked: 0 });
  });

  it('ships page assets of at most 100 KB compressed, with no inline script or style', () => {
    const dir = new URL('./page/', import.meta.url);
    const files = readdirSync(dir);
    const compressed = files.reduce((sum, file) => sum + gzipSync(readFileSync(new URL(file, dir))).length, 0);
    expect(compressed).toBeLessThanOrEqual(100 * 1024);
    expect(readFileSync(new URL('app.js', dir), 'utf8')).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/,
    );
  });
});
