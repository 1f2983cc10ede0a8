import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { ApiRequestable, Proxmox } from 'proxmox-api';
import { ConfigError, InputError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { ProxmoxConfig } from './config.js';
import { upstreamError, type ProxmoxResponse } from './upstream-error.js';
import { PATH_SEGMENT, parseBackupVolid, parseUpid } from './validate.js';

export type ProxmoxApi = Proxmox.Api;

export interface ProxmoxClientOptions {
  /** Per-request timeout; a request that times out is reported, never re-sent. */
  requestTimeoutMs?: number;
}

export interface ProxmoxClient {
  /** The typed proxmox-api proxy, bound to one tool call's cancellation signal. */
  api(signal: AbortSignal): Promise<ProxmoxApi>;
  close(): Promise<void>;
}

interface Loaded {
  proxmoxApi: (engine: ApiRequestable) => ProxmoxApi;
  fetch: typeof globalThis.fetch;
  dispatcher: { close(): Promise<void> };
}

/**
 * proxmox-api's typed proxy on top of our own request layer (its documented `ApiRequestable` hook) instead of
 * its `ProxmoxEngine`, which retries any failed fetch once — POST and DELETE included, so a create or delete
 * that timed out would be sent twice — and reports statuses only inside message strings. TLS goes through an
 * undici `Agent` owned by this client: a pinned CA or the explicit opt-out, never the process-wide
 * NODE_TLS_REJECT_UNAUTHORIZED. proxmox-api and undici load on the first call, not at start-up.
 */
export function createProxmoxClient(config: ProxmoxConfig, log: Logger, options: ProxmoxClientOptions = {}): ProxmoxClient {
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const base = `https://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  const authorization = `PVEAPIToken=${config.user}!${config.tokenName}=${config.tokenValue}`;
  let loading: Promise<Loaded> | undefined;

  const load = async (): Promise<Loaded> => {
    let ca: Buffer | undefined;
    if (config.caFile) {
      try {
        ca = readFileSync(config.caFile);
      } catch {
        throw new ConfigError('Configuration error: PROXMOX_CA_FILE is not a readable file.');
      }
    }
    const { proxmoxApi } = await import('proxmox-api');
    // The undici that proxmox-api itself depends on, so the Agent and fetch always match.
    const require = createRequire(import.meta.url);
    const undiciPath = createRequire(require.resolve('proxmox-api')).resolve('undici');
    const undici = (await import(pathToFileURL(undiciPath).href)) as typeof import('undici');
    const dispatcher = new undici.Agent({
      connect: { ...(ca ? { ca } : {}), rejectUnauthorized: config.verifyTls },
    });
    return { proxmoxApi, fetch: undici.fetch as unknown as typeof globalThis.fetch, dispatcher };
  };

  return {
    async api(signal) {
      loading ??= load().catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
      const loaded = await loading;
      const send = async (method: string, path: string, params?: Record<string, unknown>): Promise<ProxmoxResponse> => {
        const url = new URL(`${base}${path}`);
        let body: string | undefined;
        const search = encodeParams(params);
        if (method === 'POST' || method === 'PUT') body = search.toString();
        else for (const [key, value] of search) url.searchParams.append(key, value);
        const timeout = AbortSignal.timeout(timeoutMs);
        log.debug({ method, path }, 'proxmox request');
        let response: Response;
        try {
          response = await loaded.fetch(url, {
            method,
            headers: {
              authorization,
              accept: 'application/json',
              ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
            },
            ...(body !== undefined ? { body } : {}),
            signal: AbortSignal.any([signal, timeout]),
            dispatcher: loaded.dispatcher,
          } as unknown as RequestInit);
        } catch (error) {
          if (signal.aborted) throw signal.reason ?? error;
          return { method, path, status: 0, reason: describeNetworkError(error, timeout.aborted, timeoutMs) };
        }
        const text = await response.text();
        let json: { data?: unknown; errors?: unknown; message?: unknown } | undefined;
        try {
          json = text ? (JSON.parse(text) as typeof json) : undefined;
        } catch {
          json = undefined;
        }
        return { method, path, status: response.status, reason: response.statusText, data: json?.data, errors: json?.errors };
      };
      const engine: ApiRequestable = {
        async doRequest(method, path, pathTemplate, params) {
          const verb = method.toUpperCase();
          guardPath(path, pathTemplate);
          const response = await send(verb, path, params);
          if (response.status === 200) return response.data;
          throw await upstreamError(response, config, () => send('GET', '/api2/json/nodes'));
        },
      };
      return loaded.proxmoxApi(engine);
    },
    async close() {
      if (!loading) return;
      const loaded = await loading.catch(() => undefined);
      await loaded?.dispatcher.close();
    },
  };
}

/** Same encoding proxmox-api uses: booleans as 1/0, arrays as repeated keys, null and undefined dropped. */
function encodeParams(params: Record<string, unknown> | undefined): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) search.append(key, String(item));
    else search.set(key, value === true ? '1' : value === false ? '0' : String(value));
  }
  return search;
}

/**
 * The second guard: every `*` of proxmox-api's path template must be one harmless segment, whatever the tool
 * validated before. Two segments travel percent-encoded and must decode to what they claim to be: a backup
 * volume id (`…/content/*`, which may hold `/`) and a task id (`…/tasks/*`).
 */
export function guardPath(path: string, pathTemplate: string): void {
  const actual = path.split('/');
  const template = pathTemplate.split('/');
  if (actual.length !== template.length) throw refused();
  template.forEach((part, index) => {
    const segment = actual[index] as string;
    if (part !== '*') {
      if (segment !== part) throw refused();
      return;
    }
    const isVolume = template[index - 1] === 'content' && index === template.length - 1;
    const isTask = template[index - 1] === 'tasks';
    const ok = isVolume
      ? encoded(segment, (v) => parseBackupVolid(v) !== undefined)
      : isTask
        ? encoded(segment, (v) => parseUpid(v) !== undefined)
        : PATH_SEGMENT.test(segment);
    if (!ok) throw refused();
  });
}

/** A segment that is exactly encodeURIComponent of a value passing `check`. */
function encoded(segment: string, check: (value: string) => boolean): boolean {
  let value: string;
  try {
    value = decodeURIComponent(segment);
  } catch {
    return false;
  }
  return encodeURIComponent(value) === segment && check(value);
}

function refused(): InputError {
  return new InputError('A path parameter holds characters Proxmox paths cannot carry; nothing was sent.');
}

function describeNetworkError(error: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `timeout after ${Math.round(timeoutMs / 1000)} s`;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return code ?? (error instanceof Error ? error.name : 'network error');
}
