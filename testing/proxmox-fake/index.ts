import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listen, readBody, recordBase, RequestLog, type RecordedBase } from '../fake-kit/index.js';
import { FakeError } from './checks.js';
import type { Params } from './pve-schema.js';
import { finishTask, matchRoute, verifyRequest } from './routes.js';
import { seedState, type FakeState, type FakeTask } from './state.js';
import { SERVER_CERT_PEM, SERVER_KEY_PEM, TEST_CA_PEM } from './tls/certs.js';

/**
 * A loopback HTTPS fake of the Proxmox VE API (`/api2/json`), faithful where the proxmox server's behaviour
 * depends on it: API-token auth, the `{data}` envelope with `application/json;charset=UTF-8`, reason phrases
 * as messages, 501 for unknown routes, every request checked against PVE's own schema (pve-schema.json; a
 * refused one is answered 400 and recorded in `violations`), PVE's proxy answers for node failures (500 unknown,
 * 595 offline), 500 "does not exist" for missing guests, and UPID tasks that stop after N status polls.
 * Every request is recorded. Plain runtime code (Node built-ins only), so the demo can use it too. README.md
 * says what it models and what not.
 */

export interface ProxmoxFakeOptions {
  /** API token user (`user@realm`), default `mcp@pve`. */
  user?: string;
  /** Token id, default `mcp`. */
  tokenName?: string;
  /** Token secret (a UUID), default random. */
  tokenSecret?: string;
  /** Status polls a task stays `running` before it stops (default 1; 0 = stops at once). */
  taskPolls?: number;
}

export interface RecordedRequest extends RecordedBase {
  /** The URL-decoded path below `/api2/json`, as PVE routes it. */
  path: string;
  query: Params;
  body: Params;
}

/** A request PVE's parameter check would refuse (answered 400 like PVE); a test that sent one must fail. */
export interface SchemaViolation {
  method: string;
  path: string;
  /** Parameter → PVE's message (suffixed with the PVE version when only some versions refuse it). */
  errors: Record<string, string>;
}

export interface InjectedFailure {
  status: number;
  /** The reason phrase (PVE's message). */
  reason: string;
  method?: string;
  /** Applies only when the decoded path contains this. */
  pathIncludes?: string;
  /** How many requests fail (default: all until cleared). */
  times?: number;
}

export interface ProxmoxFake {
  url: string;
  host: string;
  port: number;
  /** PEM of the CA that signed the fake's certificate (loopback test material). */
  caFile: string;
  user: string;
  tokenName: string;
  tokenSecret: string;
  requests: RecordedRequest[];
  /** Requests that failed PVE's schema check since the last reset (see pve-schema.json). */
  violations: SchemaViolation[];
  state: FakeState;
  /** Environment for the proxmox server pointing at this fake (CA pinned). */
  env(): Record<string, string>;
  /** Makes matching requests fail with a PVE-style status and reason. */
  inject(failure: InjectedFailure): void;
  /** The next task(s) created end with this exit status instead of OK, after `logLines` lines of log. */
  failNextTask(exitstatus: string, options?: { logLines?: number }): void;
  /** Runs `effect` once, right after the next matching request is answered (another user's change). */
  afterRequest(match: { method?: string; pathIncludes?: string }, effect: (state: FakeState) => void): void;
  /** Requests matching this never get an answer (to prove a timed-out POST is not re-sent). */
  hang(match: { method?: string; pathIncludes?: string } | undefined): void;
  /** Status polls before a task stops, for tasks created from now on. */
  setTaskPolls(polls: number): void;
  /** Forgets recorded requests, failures and hangs; reseeds the state. */
  reset(): void;
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json;charset=UTF-8';

export async function startProxmoxFake(options: ProxmoxFakeOptions = {}): Promise<ProxmoxFake> {
  const user = options.user ?? 'mcp@pve';
  const tokenName = options.tokenName ?? 'mcp';
  const tokenSecret = options.tokenSecret ?? randomUUID();
  const tokenId = `${user}!${tokenName}`;
  const expected = `PVEAPIToken=${tokenId}=${tokenSecret}`;
  const dir = mkdtempSync(join(tmpdir(), 'proxmox-fake-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, TEST_CA_PEM);

  let taskPolls = options.taskPolls ?? 1;
  let failures: InjectedFailure[] = [];
  let nextExits: Array<{ exitstatus: string; logLines?: number }> = [];
  let afterHooks: Array<{ match: { method?: string; pathIncludes?: string }; effect: (state: FakeState) => void }> = [];
  let hanging: { method?: string; pathIncludes?: string } | undefined;
  const hung = new Set<ServerResponse>();
  let pid = 0x1000;

  const requests = new RequestLog<RecordedRequest>();
  const fake = {
    violations: [] as SchemaViolation[],
    state: seedState(),
  };

  const task = (node: string, type: string, id: string, effect?: () => void): string => {
    pid += 1;
    const now = Math.floor(Date.now() / 1000);
    const hex = (n: number) => n.toString(16).toUpperCase().padStart(8, '0');
    const upid = `UPID:${node}:${hex(pid)}:${hex(pid * 7)}:${hex(now)}:${type}:${id}:${tokenId}:`;
    const exit = nextExits.shift();
    const entry: FakeTask = {
      upid,
      node,
      type,
      id,
      user: tokenId,
      pid,
      pstart: pid * 7,
      starttime: now,
      pollsLeft: taskPolls,
      status: 'running',
      log: [`starting ${type} ${id}`, ...Array.from({ length: exit?.logLines ?? 1 }, (_, i) => `${type} ${id}: working (${i + 1})`)],
      ...(exit ? { exitstatus: exit.exitstatus } : {}),
      ...(effect ? { effect } : {}),
    };
    fake.state.tasks.set(upid, entry);
    if (taskPolls === 0) finishTask(entry);
    return upid;
  };

  const runAfterHooks = (method: string, path: string) => {
    const hook = afterHooks.find((h) => matches(h.match, method, path));
    if (!hook) return;
    afterHooks = afterHooks.filter((h) => h !== hook);
    hook.effect(fake.state);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'https://fake');
    // PVE: uri_unescape the whole path, split on slashes, skip empty segments.
    let decoded: string;
    try {
      decoded = decodeURIComponent(url.pathname);
    } catch {
      decoded = url.pathname;
    }
    const segments = decoded.split(/\/+/).filter(Boolean);
    const apiSegments = segments.slice(0, 2).join('/') === 'api2/json' ? segments.slice(2) : undefined;
    const query = toParams(url.searchParams);
    const body = parseBody(req.headers['content-type'], raw);
    const authorized = req.headers.authorization === expected;
    // `authorized` here means the right token, not just any: PVE's 401 tests need the difference.
    requests.add({ ...recordBase(req, `/${(apiSegments ?? segments).join('/')}`), authorized, query, body });

    if (!authorized) return reply(res, 401, 'authentication failure');
    if (hanging && matches(hanging, method, decoded)) {
      hung.add(res);
      return;
    }
    const failure = failures.find((f) => matches(f, method, decoded));
    if (failure) {
      if (failure.times !== undefined && --failure.times <= 0) failures = failures.filter((f) => f !== failure);
      return reply(res, failure.status, failure.reason, { data: null });
    }
    if (!apiSegments) return reply(res, 501, `Method '${method} ${decoded}' not implemented`, { data: null });
    const match = matchRoute(method, apiSegments);
    if (!match) return reply(res, 501, `Method '${method} /${apiSegments.join('/')}' not implemented`, { data: null });
    const args = method === 'GET' || method === 'DELETE' ? query : body;
    try {
      if (match.path.node !== undefined) checkNode(fake.state, match.path.node);
      const errors = verifyRequest(match, args);
      if (Object.keys(errors).length > 0) {
        fake.violations.push({ method, path: `/${apiSegments.join('/')}`, errors });
        throw new FakeError(400, 'Parameter verification failed.', errors);
      }
      const data = match.route.handle({ path: match.path, args, state: fake.state, task });
      reply(res, 200, 'OK', { data: data ?? null });
      runAfterHooks(method, decoded);
    } catch (error) {
      if (!(error instanceof FakeError)) throw error;
      reply(res, error.status, error.reason, {
        data: null,
        ...(error.errors ? { errors: error.errors, message: `${error.reason}\n` } : {}),
      });
    }
  };

  const https = await listen(
    (req, res) => {
      handle(req, res).catch(() => reply(res, 500, 'internal fake error', { data: null }));
    },
    { cert: SERVER_CERT_PEM, key: SERVER_KEY_PEM },
  );
  const { port } = https;

  return {
    url: `https://127.0.0.1:${port}/api2/json`,
    host: '127.0.0.1',
    port,
    caFile,
    user,
    tokenName,
    tokenSecret,
    requests: requests.all,
    get violations() {
      return fake.violations;
    },
    get state() {
      return fake.state;
    },
    env: () => ({
      PROXMOX_HOST: '127.0.0.1',
      PROXMOX_PORT: String(port),
      PROXMOX_USER: user,
      PROXMOX_TOKEN_NAME: tokenName,
      PROXMOX_TOKEN_VALUE: tokenSecret,
      PROXMOX_CA_FILE: caFile,
    }),
    inject: (failure) => failures.push({ ...failure }),
    failNextTask: (exitstatus, failOptions) => nextExits.push({ exitstatus, ...failOptions }),
    afterRequest: (match, effect) => afterHooks.push({ match, effect }),
    hang: (match) => {
      hanging = match;
    },
    setTaskPolls: (polls) => {
      taskPolls = polls;
    },
    reset: () => {
      requests.reset();
      fake.violations = [];
      fake.state = seedState();
      failures = [];
      nextExits = [];
      afterHooks = [];
      hanging = undefined;
      taskPolls = options.taskPolls ?? 1;
    },
    close: async () => {
      for (const res of hung) res.destroy();
      await https.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * What PVE's proxy answers before a node's handler runs: a name that is no cluster node fails its hostname
 * lookup (500), an offline node cannot be connected to (595). (A node that answers too slowly is 596, after the
 * proxy's 30 s; tests inject that one.)
 */
function checkNode(state: FakeState, name: string): void {
  const node = state.nodes.find((n) => n.node === name);
  if (!node)
    throw new FakeError(500, `hostname lookup '${name}' failed - failed to get address info for: ${name}: Name or service not known`);
  if (node.status !== 'online') throw new FakeError(595, `Connection refused`);
}

function matches(rule: { method?: string; pathIncludes?: string }, method: string, path: string): boolean {
  return (!rule.method || rule.method === method) && (!rule.pathIncludes || path.includes(rule.pathIncludes));
}

function reply(res: ServerResponse, status: number, reason: string, body?: unknown): void {
  // PVE puts the message in the reason phrase; a 401 has no JSON body at all.
  res.statusMessage = reason.replace(/[^\x20-\x7e]/g, ' ');
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

function toParams(search: URLSearchParams): Params {
  const out: Params = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    out[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return out;
}

function parseBody(contentType: string | undefined, raw: string): Params {
  if (!raw) return {};
  if (contentType?.includes('application/json')) {
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]));
  }
  return toParams(new URLSearchParams(raw));
}
