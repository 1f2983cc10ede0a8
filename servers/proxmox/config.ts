import { accessSync, constants } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import * as z from 'zod';
import { envValue, parseEnv, positiveInt, strictBoolean, type Env } from '../../shared/env.js';
import { ConfigError } from '../../shared/errors.js';
import { stateDir } from '../../shared/state-dir.js';
import { HOSTNAME } from './validate.js';

const REALM = /^[A-Za-z][A-Za-z0-9.\-_]+$/;
// pve-userid: anything but whitespace, `:` and `/` before the last `@` (so `ci+bot@pve` and `alice@example.com@oidc`),
// at most 64 characters; `!` separates the token id, control characters never belong in a header.
const USER = /^(?=.{3,64}$)[^\s:/!\u0000-\u001f\u007f]+@[A-Za-z][A-Za-z0-9.\-_]+$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

// Messages never include the value: they end up on stderr and in tool results.
const shape = {
  // An IPv6 zone id (`fe80::1%eth0`) passes isIP but cannot travel in an https URL: refused here, not at each call.
  PROXMOX_HOST: z.string().refine((h) => HOSTNAME.test(h) || (isIP(h) !== 0 && !h.includes('%')), {
    message: 'must be a bare hostname or IP address, without scheme, port, path or IPv6 zone id',
  }),
  PROXMOX_USER: z.string().refine((u) => USER.test(u), { message: 'must look like user@realm' }),
  PROXMOX_TOKEN_NAME: z.string().refine((t) => REALM.test(t), { message: 'must be the token id (letters, digits, . _ -)' }),
  PROXMOX_TOKEN_VALUE: z.string().refine((s) => UUID.test(s), { message: 'must be the token secret (a UUID)' }),
  PROXMOX_PORT: positiveInt(8006, 65_535),
  PROXMOX_CA_FILE: z.string().optional(),
  PROXMOX_VERIFY_TLS: strictBoolean(true),
  PROXMOX_ALLOW_ELEVATED: strictBoolean(false),
  PROXMOX_AUDIT_LOG: z.string().optional(),
};

export interface ProxmoxConfig {
  host: string;
  port: number;
  user: string;
  tokenName: string;
  tokenValue: string;
  caFile?: string;
  verifyTls: boolean;
  allowElevated: boolean;
  auditLog: string;
}

export interface LoadedConfig {
  /** The parsed configuration, or undefined when `error` is set. */
  config?: ProxmoxConfig;
  /** The one configuration error every tool call returns (also logged once at start-up). */
  error?: ConfigError;
  /** True only for an exact, valid `PROXMOX_ALLOW_ELEVATED=true`; a malformed value keeps the tier hidden. */
  allowElevated: boolean;
  auditLog: string;
  /** Literal secret values to scrub from every log line and result. */
  secrets: string[];
}

export function loadConfig(env: Env): LoadedConfig {
  const token = envValue(env, 'PROXMOX_TOKEN_VALUE');
  const secrets = token ? [token] : [];
  const auditLog = envValue(env, 'PROXMOX_AUDIT_LOG') ?? join(stateDir(env), 'proxmox-audit.jsonl');
  const gate = z.object({ PROXMOX_ALLOW_ELEVATED: shape.PROXMOX_ALLOW_ELEVATED }).safeParse({
    PROXMOX_ALLOW_ELEVATED: envValue(env, 'PROXMOX_ALLOW_ELEVATED'),
  });
  const allowElevated = gate.success && gate.data.PROXMOX_ALLOW_ELEVATED;
  try {
    const parsed = parseEnv(shape, env);
    if (parsed.PROXMOX_CA_FILE && !parsed.PROXMOX_VERIFY_TLS) {
      throw new ConfigError('Configuration error: set either PROXMOX_CA_FILE or PROXMOX_VERIFY_TLS=false, not both.');
    }
    if (parsed.PROXMOX_CA_FILE) {
      try {
        accessSync(parsed.PROXMOX_CA_FILE, constants.R_OK);
      } catch {
        throw new ConfigError('Configuration error: PROXMOX_CA_FILE is not a readable file.');
      }
    }
    const config: ProxmoxConfig = {
      host: parsed.PROXMOX_HOST,
      port: parsed.PROXMOX_PORT,
      user: parsed.PROXMOX_USER,
      tokenName: parsed.PROXMOX_TOKEN_NAME,
      tokenValue: parsed.PROXMOX_TOKEN_VALUE,
      ...(parsed.PROXMOX_CA_FILE ? { caFile: parsed.PROXMOX_CA_FILE } : {}),
      verifyTls: parsed.PROXMOX_VERIFY_TLS,
      allowElevated: parsed.PROXMOX_ALLOW_ELEVATED,
      auditLog,
    };
    return { config, allowElevated, auditLog, secrets };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { error, allowElevated, auditLog, secrets };
  }
}
