import { readFileSync } from 'node:fs';
import type { Env } from '../../shared/env.js';
import { loadConfig, type ProxmoxConfig } from '../../servers/proxmox/config.js';
import { getJson, isTlsError, networkProblem } from './http.js';
import { fail, ok, warn, type Check } from './report.js';

/** PROXMOX_* well-formed, then `GET /version` and the token's own permissions (`GET /access/permissions`). */
export async function checkProxmox(env: Env, timeoutMs: number): Promise<Check[]> {
  const { config, error } = loadConfig(env);
  if (!config) return [fail('proxmox', error?.message ?? 'Configuration error.')];
  const where = `${config.host}:${config.port}`;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const options = {
    headers: { authorization: `PVEAPIToken=${config.user}!${config.tokenName}=${config.tokenValue}` },
    timeoutMs,
    ...(config.caFile ? { ca: readFileSync(config.caFile) } : {}),
    rejectUnauthorized: config.verifyTls,
  };
  const get = (path: string) => getJson(`https://${host}:${config.port}/api2/json${path}`, options);
  try {
    const version = await get('/version');
    if (version.status === 401) {
      return [
        fail(
          'proxmox',
          `${where} refused the API token (401): check PROXMOX_USER, PROXMOX_TOKEN_NAME and PROXMOX_TOKEN_VALUE (Datacenter → Permissions → API Tokens)`,
        ),
      ];
    }
    if (version.status !== 200)
      return [fail('proxmox', `${where} answered ${version.status} to GET /version: is it a Proxmox VE API (port 8006)?`)];
    const release = (version.body as { data?: { version?: string } }).data?.version ?? 'unknown version';
    const permissions = await get('/access/permissions');
    return [ok('proxmox', `Proxmox VE ${release} at ${where}`), describePermissions(config, permissions.status, permissions.body)];
  } catch (caught) {
    if (isTlsError(caught)) {
      return [
        fail(
          'proxmox',
          `the TLS certificate of ${where} is not trusted: set PROXMOX_CA_FILE to the cluster CA (/etc/pve/pve-root-ca.pem on a node), or PROXMOX_VERIFY_TLS=false`,
        ),
      ];
    }
    return [fail('proxmox', `${networkProblem(caught, where)}: check PROXMOX_HOST, PROXMOX_PORT and the firewall`)];
  }
}

function describePermissions(config: ProxmoxConfig, status: number, body: unknown): Check {
  if (status !== 200) return warn('proxmox token', `could not read the token's permissions (${status} to GET /access/permissions)`);
  const paths = ((body as { data?: Record<string, Record<string, number>> }).data ?? {}) as Record<string, Record<string, number>>;
  const privileges = new Set(Object.values(paths).flatMap((privs) => Object.keys(privs)));
  const grant = `pveum acl modify / --tokens '${config.user}!${config.tokenName}' --roles PVEAuditor`;
  if (privileges.size === 0) {
    return fail(
      'proxmox token',
      `the token has no permissions (a privilege-separated token starts with none): grant a role, e.g. ${grant}`,
    );
  }
  if (!privileges.has('VM.Audit') || !privileges.has('Sys.Audit')) {
    return fail(
      'proxmox token',
      `the token lacks ${['VM.Audit', 'Sys.Audit'].filter((p) => !privileges.has(p)).join(' and ')}, so the read tools see nothing: ${grant}`,
    );
  }
  if (config.allowElevated && !privileges.has('VM.PowerMgmt')) {
    return warn(
      'proxmox token',
      'PROXMOX_ALLOW_ELEVATED=true but the token lacks VM.PowerMgmt: elevated tools will be refused by Proxmox; grant PVEVMAdmin where needed',
    );
  }
  return ok(
    'proxmox token',
    `${privileges.size} privileges on ${Object.keys(paths).length} path(s)${config.allowElevated ? '; elevated tier on' : ''}`,
  );
}
