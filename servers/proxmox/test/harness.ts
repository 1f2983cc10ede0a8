import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../../shared/logger.js';
import { connectInMemory, type Connected } from '../../../testing/mcp-client.js';
import { startProxmoxFake, type ProxmoxFake, type ProxmoxFakeOptions } from '../../../testing/proxmox-fake/index.js';
import { loadConfig } from '../config.js';
import { createProxmoxServer } from '../server.js';

export interface Harness {
  fake: ProxmoxFake;
  client: Connected;
  auditFile: string;
  logFile: string;
  audit(): Array<Record<string, unknown>>;
  log(): string;
  close(): Promise<void>;
}

export interface HarnessOptions extends ProxmoxFakeOptions {
  elevated?: string;
  env?: Record<string, string>;
  requestTimeoutMs?: number;
  maxWaitMs?: number;
}

/** The proxmox server in-process, talking HTTPS to a fresh fake, with a real MCP client in front. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await startProxmoxFake(options);
  const dir = mkdtempSync(join(tmpdir(), 'proxmox-test-'));
  const auditFile = join(dir, 'audit.jsonl');
  const logFile = join(dir, 'server.log');
  const env = {
    ...fake.env(),
    PROXMOX_ALLOW_ELEVATED: options.elevated ?? 'true',
    PROXMOX_AUDIT_LOG: auditFile,
    LOG_FILE: logFile,
    LOG_LEVEL: 'debug',
    ...options.env,
  };
  const loaded = loadConfig(env);
  const log = createLogger('proxmox', env, loaded.secrets);
  const { server, cleanup } = createProxmoxServer({
    loaded,
    log,
    client: { requestTimeoutMs: options.requestTimeoutMs ?? 10_000 },
    tasks: { pollMs: 5, maxWaitMs: options.maxWaitMs ?? 20_000 },
  });
  const client = await connectInMemory(server);
  return {
    fake,
    client,
    auditFile,
    logFile,
    audit: () =>
      existsSync(auditFile)
        ? readFileSync(auditFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)
        : [],
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    async close() {
      await client.close();
      await cleanup();
      await fake.close();
    },
  };
}
