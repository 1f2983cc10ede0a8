import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { afterEach, expect } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../../shared/logger.js';
import { connectHarness, type ServerHarness } from '../../../testing/harness.js';
import { startProxmoxFake, type ProxmoxFake, type ProxmoxFakeOptions } from '../../../testing/proxmox-fake/index.js';
import { loadConfig } from '../config.js';
import { createProxmoxServer } from '../server.js';

/** The shared harness shape (testing/harness.ts): `call`, `client`, `fake`, `close`, plus the audit and log files. */
export interface Harness extends ServerHarness<ProxmoxFake> {
  auditFile: string;
  logFile: string;
  audit(): Array<Record<string, unknown>>;
  log(): string;
}

export interface HarnessOptions extends ProxmoxFakeOptions {
  elevated?: string;
  env?: Record<string, string>;
  requestTimeoutMs?: number;
  maxWaitMs?: number;
}

const live = new Set<Harness>();

// Every test of a file that uses a harness fails when it made the server send a request PVE's schema refuses
// (pve-schema.json): the fake answers such a request with PVE's 400, and also records it here, so a test that
// expected an error cannot pass on the wrong one.
afterEach(() => {
  for (const h of live) {
    const violations = h.fake.violations.splice(0);
    expect(violations, 'requests PVE would refuse (testing/proxmox-fake/pve-schema.json)').toEqual([]);
  }
});

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
  const connected = await connectHarness(server, fake, async () => {
    live.delete(harness);
    await cleanup();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
    // Tests that close their harness in their own afterEach run before the check above: check here too.
    expect(fake.violations.splice(0), 'requests PVE would refuse (testing/proxmox-fake/pve-schema.json)').toEqual([]);
  });
  const harness: Harness = {
    ...connected,
    auditFile,
    logFile,
    audit: () =>
      existsSync(auditFile)
        ? readFileSync(auditFile, 'utf8')
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as Record<string, unknown>)
        : [],
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
  };
  live.add(harness);
  return harness;
}
