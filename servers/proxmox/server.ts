import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { AuditLog } from '../../shared/audit.js';
import { createScrubber, type Logger } from '../../shared/logger.js';
import { createToolServer } from '../../shared/tool-server.js';
import { VERSION } from '../../shared/version.js';
import { createProxmoxClient, type ProxmoxClientOptions } from './client.js';
import type { LoadedConfig } from './config.js';
import type { ProxmoxDeps } from './deps.js';
import { tools } from './tools/index.js';

export interface ProxmoxServerOptions {
  loaded: LoadedConfig;
  log: Logger;
  /** Removes the secrets of the raw environment from results (shared/start-server.ts); default: the configured ones. */
  scrub?: (text: string) => string;
  client?: ProxmoxClientOptions;
  tasks?: Partial<ProxmoxDeps['tasks']>;
}

const INSTRUCTIONS =
  'Proxmox VE cluster. Read tools are always available; VM/container changes need PROXMOX_ALLOW_ELEVATED=true. ' +
  'Async tools return {upid,node}; pass wait:true or follow with task_status.';

/** The Proxmox MCP server: the tool list for the configured tier, backed by a lazily loaded proxmox-api client. */
export function createProxmoxServer({ loaded, log, scrub, client: clientOptions, tasks }: ProxmoxServerOptions): {
  server: McpServer;
  cleanup(): Promise<void>;
} {
  const client = loaded.config ? createProxmoxClient(loaded.config, log, clientOptions) : undefined;
  const deps: ProxmoxDeps = {
    async api(signal) {
      if (!client) throw loaded.error;
      return client.api(signal);
    },
    tasks: { pollMs: tasks?.pollMs ?? 1000, maxWaitMs: tasks?.maxWaitMs ?? 50_000 },
  };
  const server = createToolServer({
    name: 'protolabs-proxmox',
    version: VERSION,
    instructions: INSTRUCTIONS,
    tools,
    deps,
    log,
    elevated: { enabled: loaded.allowElevated, variable: 'PROXMOX_ALLOW_ELEVATED', audit: new AuditLog(loaded.auditLog) },
    scrub: scrub ?? createScrubber(loaded.secrets),
  });
  return { server, cleanup: async () => client?.close() };
}
