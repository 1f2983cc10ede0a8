import { afterEach } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectInMemory, type Connected } from '../../../testing/mcp-client.js';
import { startDiscordFake, type DiscordFake, type DiscordFakeOptions, type FakeUser } from '../../../testing/discord-fake/index.js';
import { createLogger, createScrubber } from '../../../shared/logger.js';
import { loadConfig } from '../config.js';
import { createDiscordDeps, type DepsOptions, type DiscordDeps } from '../deps.js';
import { createDiscordServer } from '../server.js';

export const APPROVER_ROLE = '444444444444444444';
export const OTHER_ROLE = '555555555555555555';
export const ALICE: FakeUser = { id: '111111111111111111', username: 'alice' };
export const BOB: FakeUser = { id: '222222222222222222', username: 'bob' };
export const MALLORY: FakeUser = { id: '333333333333333333', username: 'mallory' };

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A fake with the approver roles. Discord's 3 s acknowledgement deadline is a time budget on our code, which a busy
 * test machine can miss: tests get a generous one unless they are about the deadline (then they set their own).
 */
export async function startFake(options: DiscordFakeOptions = {}): Promise<DiscordFake> {
  return startDiscordFake({ roles: [APPROVER_ROLE, OTHER_ROLE], interactionDeadlineMs: 30_000, ...options });
}

/** The environment of a bot-mode server pointed at the fake: ALICE decides by id, holders of APPROVER_ROLE by role. */
export function botEnv(fake: DiscordFake, stateDir: string): Record<string, string> {
  return { ...fake.serverEnv([ALICE.id, `role:${APPROVER_ROLE}`]), PROTOLABS_STATE_DIR: stateDir };
}

/**
 * The shared harness shape (testing/harness.ts): `call`, `client`, `close`. Its fake is the one `env` points at,
 * started by the test (several servers often share one), so the harness does not own or close it.
 */
export interface Started extends Connected {
  deps: DiscordDeps;
}

/** An in-process server over the SDK's in-memory transport, with fast election timings. */
export async function startServer(env: Record<string, string>, options: DepsOptions = {}): Promise<Started> {
  const { secrets } = loadConfig(env);
  const log = createLogger('discord', { LOG_LEVEL: 'silent', ...env }, secrets);
  const deps = createDiscordDeps(env, log, {
    election: { retryMs: 100, staleMs: 2000, failureBackoffMs: 500 },
    waitPollMs: 50,
    ...options,
  });
  const connected = await connectInMemory(createDiscordServer(deps, createScrubber(secrets)));
  return {
    ...connected,
    deps,
    async close() {
      await deps.gateway?.stop();
      await connected.close();
    },
  };
}

/** The custom id of a request's button, read back from the message the fake stored. */
export function buttonId(fake: DiscordFake, messageId: string, label: 'Approve' | 'Reject'): string {
  const rows = fake.messages.get(messageId)?.components as Array<{ components: Array<{ label: string; custom_id: string }> }>;
  const button = rows.flatMap((r) => r.components).find((b) => b.label === label);
  if (!button) throw new Error(`message ${messageId} has no ${label} button`);
  return button.custom_id;
}

export function messageIdOf(url: unknown): string {
  return String(url).split('/').pop() as string;
}

/** Starts fakes and servers that are closed after each test of the calling file. */
export function useFixtures() {
  const fakes: DiscordFake[] = [];
  const started: Started[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.close()));
    await Promise.all(fakes.splice(0).map((f) => f.close()));
  });
  return {
    async fake(options: DiscordFakeOptions = {}): Promise<DiscordFake> {
      const fake = await startFake(options);
      fakes.push(fake);
      return fake;
    },
    async server(env: Record<string, string>, options: DepsOptions = {}): Promise<Started> {
      const server = await startServer(env, options);
      started.push(server);
      return server;
    },
  };
}
