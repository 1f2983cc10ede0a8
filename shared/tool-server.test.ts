import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { connectInMemory, type Connected } from '../testing/mcp-client.js';
import { toolContractViolations } from '../testing/tool-contract.js';
import { AuditLog } from './audit.js';
import { DESTRUCTIVE, READ, defineTool } from './define-tool.js';
import { ConflictError } from './errors.js';
import { createLogger } from './logger.js';
import { createToolServer } from './tool-server.js';

const SECRET = 'sekret-token-value-123';
const calls: string[] = [];

const echo = defineTool({
  name: 'echo_say',
  title: 'Echo',
  description: 'Echoes.',
  input: z.object({ text: z.string().describe('What to say') }).strict(),
  hints: READ,
  tier: 'basic',
  async handler({ text }, ctx) {
    await ctx.progress(1, 2, 'half');
    if (text === 'conflict') throw new ConflictError('It clashes.', { files: ['a.txt'] });
    if (text === 'boom') throw new Error(`internal detail ${SECRET}`);
    if (text === 'leak') return { data: { value: SECRET } };
    return { data: { said: text }, text: `said ${text}` };
  },
});

const wipe = defineTool({
  name: 'disk_wipe',
  title: 'Wipe',
  description: 'Wipes.',
  input: z.object({ disk: z.string().describe('Disk') }).strict(),
  hints: DESTRUCTIVE,
  tier: 'elevated',
  async handler({ disk }, ctx) {
    calls.push(disk);
    ctx.audit({ upid: 'UPID:x' });
    return { data: { wiped: disk } };
  },
});

let connected: Connected | undefined;
afterEach(async () => {
  await connected?.close();
  connected = undefined;
  calls.length = 0;
});

async function start(elevated: boolean, auditFile?: string): Promise<Connected> {
  const log = createLogger('test', { LOG_LEVEL: 'silent' });
  const server = createToolServer({
    name: 'test',
    version: '0',
    tools: [echo, wipe],
    deps: {},
    log,
    elevated: { enabled: elevated, variable: 'TEST_ALLOW_ELEVATED', ...(auditFile ? { audit: new AuditLog(auditFile) } : {}) },
    scrub: (text) => text.split(SECRET).join('[redacted]'),
  });
  connected = await connectInMemory(server);
  return connected;
}

describe('createToolServer', () => {
  it('lists basic tools with all hints and strict schemas, without $schema or execution keys', async () => {
    const c = await start(false);
    const { tools } = await c.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['echo_say']);
    expect(toolContractViolations(tools)).toEqual([]);
    expect(JSON.stringify(tools)).not.toContain('$schema');
    expect(tools[0]).not.toHaveProperty('execution');
  });

  it('answers with the tool’s text alone (what Claude Code forwards), and the data only to a caller that asks for it', async () => {
    const c = await start(false);
    const progress: number[] = [];
    const result = await c.call('echo_say', { text: 'hi' }, { onprogress: (p) => progress.push(p.progress) });
    expect(result).toMatchObject({ isError: false, text: 'said hi', data: { said: 'hi' } });
    expect(progress).toEqual([1]);
    const plain = await c.client.callTool({ name: 'echo_say', arguments: { text: 'hi' } });
    expect(plain).toEqual({ content: [{ type: 'text', text: 'said hi' }] });
    const refused = await c.client.callTool({ name: 'echo_say', arguments: { text: 'conflict' } });
    expect(refused).toEqual({ isError: true, content: [{ type: 'text', text: 'It clashes. {"files":["a.txt"]}' }] });
  });

  it('answers an unknown tool with the JSON-RPC error the specification asks for', async () => {
    const c = await start(false);
    await expect(c.client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toMatchObject({
      code: -32602,
      message: expect.stringMatching(/Unknown tool: no_such_tool/),
    });
  });

  it('maps a typed error to a one-sentence isError result with details', async () => {
    const c = await start(false);
    const result = await c.call('echo_say', { text: 'conflict' });
    expect(result.isError).toBe(true);
    expect(result.text).toBe('It clashes. {"files":["a.txt"]}');
    expect(result.data).toEqual({ error: { kind: 'conflict', message: 'It clashes.', files: ['a.txt'] } });
  });

  it('logs a refusal as one JSON line with each key once (the tool named by the child logger only)', async () => {
    const logFile = join(mkdtempSync(join(tmpdir(), 'log-')), 'server.log');
    const log = createLogger('test', { LOG_LEVEL: 'info', LOG_FILE: logFile });
    connected = await connectInMemory(createToolServer({ name: 'test', version: '0', tools: [echo], deps: {}, log }));
    await connected.call('echo_say', { text: 'conflict' });
    log.flush();
    const line =
      readFileSync(logFile, 'utf8')
        .split('\n')
        .find((l) => l.includes('tool refused')) ?? '';
    const keys = [...line.matchAll(/"(\w+)":/g)].map((m) => m[1]);
    expect(keys.filter((k) => k === 'tool')).toHaveLength(1);
    expect(JSON.parse(line)).toMatchObject({ tool: 'echo_say', kind: 'conflict', reason: 'It clashes.', msg: 'tool refused' });
  });

  it('hides unexpected errors and scrubs secrets from results', async () => {
    const c = await start(false);
    const boom = await c.call('echo_say', { text: 'boom' });
    expect(boom.isError).toBe(true);
    expect(boom.text).toMatch(/echo_say failed unexpectedly/);
    expect(boom.text).not.toContain(SECRET);
    const leak = await c.call('echo_say', { text: 'leak' });
    expect(JSON.stringify(leak.raw)).not.toContain(SECRET);
  });

  it('refuses unknown keys', async () => {
    const c = await start(false);
    const result = await c.call('echo_say', { text: 'x', extra: 1 });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/extra/);
  });

  it('refuses __proto__, constructor and prototype keys at any depth before the tool runs', async () => {
    const c = await start(true);
    for (const args of ['{"disk":"sda","__proto__":{"polluted":true}}', '{"disk":"sda","nested":{"constructor":1}}']) {
      const raw = (await c.client.request(
        { method: 'tools/call', params: { name: 'disk_wipe', arguments: JSON.parse(args) } },
        CallToolResultSchema,
      )) as { isError?: boolean; content: Array<{ text: string }> };
      expect(raw.isError).toBe(true);
      expect(raw.content[0]?.text).toMatch(/argument key "(__proto__|constructor)" is not allowed/);
    }
    expect(calls).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers a gated elevated tool as unknown, saying how to enable it, without running it', async () => {
    const c = await start(false);
    await expect(c.call('disk_wipe', { disk: 'sda' })).rejects.toMatchObject({
      code: -32602,
      message: expect.stringMatching(/Unknown tool: disk_wipe\..*TEST_ALLOW_ELEVATED=true/),
    });
    expect(calls).toEqual([]);
  });

  it('lists, runs and audits elevated tools when enabled', async () => {
    const auditFile = join(mkdtempSync(join(tmpdir(), 'audit-')), 'audit.jsonl');
    const c = await start(true, auditFile);
    const { tools } = await c.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['disk_wipe', 'echo_say']);
    expect(tools.find((t) => t.name === 'disk_wipe')?.annotations?.destructiveHint).toBe(true);
    const result = await c.call('disk_wipe', { disk: 'sda' });
    expect(result).toMatchObject({ isError: false, data: { wiped: 'sda' } });
    const records = readFileSync(auditFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records).toEqual([expect.objectContaining({ tool: 'disk_wipe', args: { disk: 'sda' }, outcome: 'ok', upid: 'UPID:x' })]);
  });
});
