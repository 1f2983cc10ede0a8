import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { fileURLToPath } from 'node:url';
import { dataOf, WITH_DATA } from '../shared/tool-data.js';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Connected {
  client: Client;
  /** Calls a tool and returns the result with its text (what the model reads), its typed data (shared/tool-data.ts) and error flag. */
  call(name: string, args?: Record<string, unknown>, options?: CallOptions): Promise<ToolCall>;
  close(): Promise<void>;
}

export interface CallOptions {
  onprogress?: (progress: { progress: number; total?: number; message?: string }) => void;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ToolCall {
  isError: boolean;
  text: string;
  data: Record<string, unknown>;
  raw: CallToolResult;
}

function wrap(client: Client, close: () => Promise<void>): Connected {
  return {
    client,
    close,
    async call(name, args = {}, options = {}) {
      const raw = (await client.callTool({ name, arguments: args, _meta: WITH_DATA }, undefined, {
        ...(options.onprogress ? { onprogress: options.onprogress, resetTimeoutOnProgress: true } : {}),
        ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      })) as CallToolResult;
      const first = raw.content?.[0];
      return {
        isError: raw.isError === true,
        text: first && first.type === 'text' ? first.text : '',
        data: dataOf(raw),
        raw,
      };
    },
  };
}

/** Connects a real MCP client to an in-process server over the SDK's in-memory transport. */
export async function connectInMemory(server: McpServer): Promise<Connected> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test', version: '0' });
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  await client.listTools();
  return wrap(client, async () => {
    await client.close();
    await server.close();
  });
}

export interface SpawnedServer extends Connected {
  transport: StdioClientTransport;
  stderr(): string;
  pid: number | null;
}

/** What every spawned server gets from the test run besides `env`: no secrets, but the run's HOME, temporary folder and git set-up. */
function baseEnv(): Record<string, string> {
  const names = [
    'PATH',
    'HOME',
    'TMPDIR',
    'GIT_CONFIG_GLOBAL',
    'GIT_CONFIG_NOSYSTEM',
    'GIT_AUTHOR_NAME',
    'GIT_AUTHOR_EMAIL',
    'GIT_COMMITTER_NAME',
    'GIT_COMMITTER_EMAIL',
  ];
  return Object.fromEntries(names.filter((n) => process.env[n] !== undefined).map((n) => [n, process.env[n] as string]));
}

/** Spawns a built bin (`dist/<file>`) as a child process and connects over stdio. `env` is all it gets besides the base above. */
export async function spawnServer(
  file: string,
  args: string[] = [],
  env: Record<string, string> = {},
  cwd: string = PROJECT_ROOT,
): Promise<SpawnedServer> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [fileURLToPath(new URL(`../dist/${file}`, import.meta.url)), ...args],
    env: { ...baseEnv(), ...env },
    cwd,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: 'e2e', version: '0' });
  await client.connect(transport);
  const connected = wrap(client, async () => {
    await client.close();
  });
  return { ...connected, transport, stderr: () => stderr, pid: transport.pid };
}
