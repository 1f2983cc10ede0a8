import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { FEATURE_ID_PATTERN, STATUSES } from '../../servers/board/store/feature.js';
import type { FeatureStore } from '../../servers/board/store/feature-store.js';
import { type CardFilter, isStatus, matchesFilter } from './cards.js';
import { type BoardChange, LiveBoard } from './live-board.js';

export interface BoardWebOptions {
  store: FeatureStore;
  /** The discord server's state directory, for the approvals it recorded; none: cards show no approvals. */
  stateDir?: string;
  /** 0 or none: a free port. */
  port?: number;
}

export interface BoardWeb {
  url: string;
  port: number;
  live: LiveBoard;
  close(): Promise<void>;
}

/** The first page of each column fills a screen; "show more" then loads PAGE_SIZE at a time. */
const FIRST_PAGE = 25;
const PAGE_SIZE = 50;
const MAX_PAGE = 200;
const MAX_EVENT_STREAMS = 64;
const HEARTBEAT_MS = 20_000;

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

class BadRequest extends Error {}

/**
 * `protolabs-mcp board --web`: a read-only page of the board on 127.0.0.1, live over server-sent events. Only GET
 * and HEAD; a request whose Host is not the address served is refused (DNS rebinding); no CORS headers.
 */
export async function startBoardWeb(options: BoardWebOptions): Promise<BoardWeb> {
  const assets = loadAssets();
  const live = new LiveBoard(options.store, options.stateDir);
  await live.start();
  const repository = basename(options.store.location.mainRoot);
  const streams = new Set<ServerResponse>();
  let allowedHosts: string[] = [];

  const server = createServer((req, res) => {
    try {
      if (!allowedHosts.includes(req.headers.host ?? ''))
        return send(res, 403, 'text/plain; charset=utf-8', 'This board answers only at its own loopback address.\n');
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD');
        return send(res, 405, 'text/plain; charset=utf-8', 'The board is read-only.\n');
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const asset = assets.get(url.pathname);
      if (asset) return sendAsset(req, res, asset);
      if (url.pathname === '/api/board') return sendJson(res, boardPage(url));
      if (url.pathname === '/api/column') return sendJson(res, columnPage(url));
      if (url.pathname === '/api/feature') return void featureDetail(res, url);
      if (url.pathname === '/events') return eventStream(req, res, url);
      send(res, 404, 'text/plain; charset=utf-8', 'Not found.\n');
    } catch (error) {
      if (error instanceof BadRequest) return send(res, 400, 'text/plain; charset=utf-8', `${error.message}\n`);
      send(res, 500, 'text/plain; charset=utf-8', 'The board could not be read.\n');
    }
  });

  const boardPage = (url: URL) => {
    const filter = readFilter(url);
    const limit = readInt(url, 'limit', FIRST_PAGE, 1, MAX_PAGE);
    return {
      repository,
      generation: live.generation,
      total: live.total,
      categories: live.categories(),
      columns: STATUSES.map((status) => ({ status, ...live.column(status, filter, 0, limit) })),
    };
  };

  const columnPage = (url: URL) => {
    const status = url.searchParams.get('status') ?? '';
    if (!isStatus(status)) throw new BadRequest(`status must be one of ${STATUSES.join(', ')}.`);
    const offset = readInt(url, 'offset', 0, 0, 1_000_000);
    return { status, offset, ...live.column(status, readFilter(url), offset, readInt(url, 'limit', PAGE_SIZE, 1, MAX_PAGE)) };
  };

  const featureDetail = async (res: ServerResponse, url: URL) => {
    const id = url.searchParams.get('id') ?? '';
    if (!FEATURE_ID_PATTERN.test(id)) return send(res, 400, 'text/plain; charset=utf-8', 'Not a feature id.\n');
    const detail = await live.detail(id).catch(() => undefined);
    if (!detail) return send(res, 404, 'text/plain; charset=utf-8', 'No such feature on the board.\n');
    sendJson(res, detail);
  };

  const eventStream = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const filter = readFilter(url);
    if (streams.size >= MAX_EVENT_STREAMS) return send(res, 503, 'text/plain; charset=utf-8', 'Too many open pages.\n');
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    if (req.method === 'HEAD') return res.end();
    streams.add(res);
    res.write(`retry: 1000\nevent: hello\ndata: ${JSON.stringify({ generation: live.generation })}\n\n`);
    const unsubscribe = live.subscribe((change) => {
      res.write(`event: change\ndata: ${JSON.stringify(forFilter(change, filter))}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': still here\n\n'), HEARTBEAT_MS);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
  };

  /** What one page needs of a change: the cards it shows under its filter, and the counts it shows. */
  const forFilter = (change: BoardChange, filter: CardFilter) => {
    const upserts = change.upserts.filter((card) => matchesFilter(card, filter));
    const removed = [...change.removed, ...change.upserts.filter((card) => !matchesFilter(card, filter)).map((card) => card.id)];
    return { generation: change.generation, total: live.total, counts: live.counts(filter), upserts, removed, touched: change.touched };
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  }).catch((error: unknown) => {
    live.close();
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    live,
    async close() {
      live.close();
      for (const res of streams) res.end();
      await new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      });
    },
  };
}

interface Asset {
  type: string;
  body: Buffer;
  gzip: Buffer;
}

/** The page's files: beside this module when run from source, in dist/board-web/ when bundled. */
function loadAssets(): Map<string, Asset> {
  const dir = [new URL('./page/', import.meta.url), new URL('./board-web/', import.meta.url)].find((candidate) =>
    existsSync(fileURLToPath(new URL('index.html', candidate))),
  );
  if (!dir) throw new Error('the page of the web board is missing from the build; run npm run build');
  const assets = new Map<string, Asset>();
  for (const [path, { file, type }] of Object.entries(ASSETS)) {
    const body = readFileSync(new URL(file, dir));
    assets.set(path, { type, body, gzip: gzipSync(body) });
  }
  return assets;
}

function readFilter(url: URL): CardFilter {
  const text = (url.searchParams.get('q') ?? '').trim();
  const category = url.searchParams.get('category') ?? '';
  if (text.length > 200 || category.length > 80) throw new BadRequest('The filter is too long.');
  return { text, category };
}

function readInt(url: URL, name: string, fallback: number, min: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw new BadRequest(`${name} must be a whole number from ${min} to ${max}.`);
  return Number(raw);
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)), ...extra });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function sendJson(res: ServerResponse, value: unknown): void {
  send(res, 200, 'application/json; charset=utf-8', JSON.stringify(value));
}

function sendAsset(req: IncomingMessage, res: ServerResponse, asset: Asset): void {
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  send(
    res,
    200,
    asset.type,
    gzip ? asset.gzip : asset.body,
    gzip ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : { Vary: 'Accept-Encoding' },
  );
}
