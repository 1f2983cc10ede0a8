import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Connected {
  client: Client;
  /** Calls a tool and returns the result with its text, structured content and error flag. */
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
      const raw = (await client.callTool({ name, arguments: args }, undefined, {
        ...(options.onprogress ? { onprogress: options.onprogress, resetTimeoutOnProgress: true } : {}),
        ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      })) as CallToolResult;
      const first = raw.content?.[0];
      return {
        isError: raw.isError === true,
        text: first && first.type === 'text' ? first.text : '',
        data: (raw.structuredContent ?? {}) as Record<string, unknown>,
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

/** Spawns a built bin (`dist/<file>`) as a child process and connects over stdio. `env` is all it gets besides PATH/HOME. */
export async function spawnServer(
  file: string,
  args: string[] = [],
  env: Record<string, string> = {},
  cwd: string = PROJECT_ROOT,
): Promise<SpawnedServer> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [fileURLToPath(new URL(`../dist/${file}`, import.meta.url)), ...args],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
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
