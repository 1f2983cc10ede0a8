// The Claude Code entries for each server, shared by `init`, `doctor` and the examples test, so what users are
// told to register is written in one place.

import { SERVER_NAMES, type ServerName } from '../../shared/servers.js';

export { SERVER_NAMES, type ServerName };

export interface ServerVariables {
  /** Referenced as `${VAR}`: Claude Code warns in `claude mcp list` when one is unset. */
  required: string[];
  /**
   * Referenced as `${VAR:-}`: an unset variable becomes empty, which the servers read as unset (a bare `${VAR}`
   * would stay literal and fail validation).
   */
  optional: string[];
}

/** The variables each server's `config.ts` reads that a user must usually provide (a test checks the names exist there). */
export const SERVER_VARIABLES: Record<ServerName, ServerVariables> = {
  board: { required: [], optional: [] },
  github: { required: ['GITHUB_TOKEN'], optional: ['GITHUB_REPOSITORY'] },
  discord: {
    required: ['DISCORD_TOKEN'],
    optional: ['DISCORD_CHANNEL_DEV', 'DISCORD_CHANNEL_ALERTS', 'DISCORD_CHANNEL_APPROVALS', 'DISCORD_APPROVERS', 'DISCORD_WEBHOOK_URL'],
  },
  proxmox: { required: ['PROXMOX_HOST', 'PROXMOX_USER', 'PROXMOX_TOKEN_NAME', 'PROXMOX_TOKEN_VALUE'], optional: ['PROXMOX_CA_FILE'] },
};

export interface McpServerEntry {
  type: 'stdio';
  command: string;
  args: string[];
  env?: Record<string, string>;
}

/** `${VAR}` references, never values. */
export function envReferences(server: ServerName): Record<string, string> {
  const { required, optional } = SERVER_VARIABLES[server];
  return Object.fromEntries([...required.map((v) => [v, `\${${v}}`]), ...optional.map((v) => [v, `\${${v}:-}`])]);
}

export function serverEntry(server: ServerName, spec: string): McpServerEntry {
  const env = envReferences(server);
  return { type: 'stdio', command: 'npx', args: ['-y', spec, server], ...(Object.keys(env).length > 0 ? { env } : {}) };
}

/** Secrets injected by `infisical run` from one folder per server; a machine identity's INFISICAL_TOKEN logs it in. */
export function infisicalEntry(server: ServerName, spec: string): McpServerEntry {
  return {
    type: 'stdio',
    command: 'infisical',
    args: [
      'run',
      '--projectId=${INFISICAL_PROJECT_ID}',
      '--env=prod',
      `--path=/mcp/${server}`,
      '--silent',
      '--',
      'npx',
      '-y',
      spec,
      server,
    ],
  };
}

/** An existing entry is ours when one of its arguments installs this package (any version, npx or Infisical form). */
export function isOurEntry(entry: unknown, base: string): boolean {
  const args = (entry as { args?: unknown } | null)?.args;
  return Array.isArray(args) && args.some((a) => typeof a === 'string' && (a === base || a.startsWith(`${base}#`)));
}

/** The same entry pinned to `spec`: only the package argument changes, so a user's env or Infisical wrapping stays. */
export function repin(entry: McpServerEntry, base: string, spec: string): McpServerEntry {
  return { ...entry, args: entry.args.map((a) => (a === base || a.startsWith(`${base}#`) ? spec : a)) };
}

export function parseServerList(list: string): ServerName[] {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(SERVER_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) throw new Error(`unknown server ${unknown.join(', ')}: choose from ${SERVER_NAMES.join(', ')}`);
  return [...new Set(names)] as ServerName[];
}
