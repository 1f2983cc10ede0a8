import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { botEnv, tempDir, useFixtures } from './harness.js';

const BIN = fileURLToPath(new URL('../../../dist/discord.js', import.meta.url));
const use = useFixtures();
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** The built server with raw pipes (so a test can break them), after a request that makes it hold the gateway. */
async function holdingServer() {
  const fake = await use.fake();
  const stateDir = tempDir('discord-exit-');
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...botEnv(fake, stateDir) };
  const child = spawn(process.execPath, [BIN], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const send = (message: unknown) => child.stdin!.write(`${JSON.stringify(message)}\n`);
  send({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } },
  });
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'approval_request', arguments: { title: 't', details: 'd' } } });
  await fake.waitFor(() => fake.liveGatewaySessions() === 1, 30_000, 'the server to hold the gateway');
  const holderFile = join(stateDir, 'discord', fake.applicationId, 'gateway-holder.json');
  expect(existsSync(holderFile)).toBe(true);
  return { fake, child, send, exited, holderFile };
}

describe('the gateway is released on every exit path', () => {
  it('when stdin closes: the session ends and the lock is freed', async () => {
    const { fake, child, exited, holderFile } = await holdingServer();
    child.stdin!.end();
    expect(await exited).toBe(0);
    await fake.waitFor(() => fake.liveGatewaySessions() === 0, 20_000, 'the gateway session to end');
    expect(existsSync(holderFile)).toBe(false);
  }, 90_000);

  it('when the transport breaks (stdout closed under it): the server shuts down cleanly instead of crashing', async () => {
    const { fake, child, send, exited, holderFile } = await holdingServer();
    child.stdout!.destroy();
    send({ jsonrpc: '2.0', id: 3, method: 'tools/list' });
    expect(await exited).toBe(0);
    await fake.waitFor(() => fake.liveGatewaySessions() === 0, 20_000, 'the gateway session to end');
    expect(existsSync(holderFile)).toBe(false);
  }, 90_000);
});
