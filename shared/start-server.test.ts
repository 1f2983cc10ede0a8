import { describe, expect, it } from 'vitest';
import { connectInMemory } from '../testing/mcp-client.js';
import { createLogger, createScrubber } from './logger.js';
import { SERVER_NAMES, type ServerName } from './servers.js';
import type { ServerStart } from './start-server.js';

const SECRET = 'sekret-value-0123456789';

/** Per server: an environment with its secret variables set and one variable malformed, and a tool to call. */
const CASES: Record<
  ServerName,
  { env: Record<string, string>; secret: boolean; tool: string; args: Record<string, unknown>; error: RegExp }
> = {
  board: { env: { BOARD_LEASE_MINUTES: 'soon' }, secret: false, tool: 'feature_list', args: {}, error: /BOARD_LEASE_MINUTES is malformed/ },
  github: {
    env: { GITHUB_TOKEN: SECRET, GITHUB_REPOSITORY: 'not-a-repo' },
    secret: true,
    tool: 'pr_list',
    args: {},
    error: /GITHUB_REPOSITORY is malformed/,
  },
  discord: {
    env: {
      DISCORD_TOKEN: SECRET,
      DISCORD_CHANNEL_DEV: 'dev',
      DISCORD_CHANNEL_ALERTS: '100000000000000002',
      DISCORD_CHANNEL_APPROVALS: '100000000000000003',
      DISCORD_APPROVERS: '100000000000000004',
    },
    secret: true,
    tool: 'notify',
    args: { channel: 'dev', text: 'hi' },
    error: /DISCORD_CHANNEL_DEV is malformed/,
  },
  proxmox: {
    env: {
      PROXMOX_HOST: 'pve.example',
      PROXMOX_PORT: 'eighty',
      PROXMOX_USER: 'mcp@pve',
      PROXMOX_TOKEN_NAME: 'mcp',
      PROXMOX_TOKEN_VALUE: SECRET,
    },
    secret: true,
    tool: 'node_list',
    args: {},
    error: /PROXMOX_PORT is malformed/,
  },
};

const SPECS: Record<ServerName, () => Promise<ServerStart>> = {
  board: async () => (await import('../servers/board/start.js')).boardStart,
  github: async () => (await import('../servers/github/start.js')).githubStart,
  discord: async () => (await import('../servers/discord/start.js')).discordStart,
  proxmox: async () => (await import('../servers/proxmox/start.js')).proxmoxStart,
};

describe('the one start-up path', () => {
  it.each(SERVER_NAMES)('%s takes its secrets from the raw environment and keeps a configuration error for every call', async (name) => {
    const c = CASES[name];
    const spec = await SPECS[name]();
    const env = { LOG_LEVEL: 'silent', PROTOLABS_STATE_DIR: process.env.TMPDIR ?? '/tmp', ...c.env };
    const secrets = spec.secrets(env);
    expect(secrets.includes(SECRET)).toBe(c.secret);
    const started = spec.create({ env, log: createLogger(name, env, secrets), scrub: createScrubber(secrets) });
    expect(started.configError?.message).toMatch(c.error);
    const client = await connectInMemory(started.server);
    try {
      const result = await client.call(c.tool, c.args);
      expect(result.isError).toBe(true);
      expect(result.text).toMatch(c.error);
    } finally {
      await client.close();
      await started.cleanup?.();
    }
  });
});
