import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { fileURLToPath } from 'node:url';
import { dataOf, WITH_DATA } from '../../shared/tool-data.js';

export type ServerName = 'board' | 'github' | 'discord' | 'proxmox';

export interface ToolAnswer {
  text: string;
  data: Record<string, unknown>;
}

/** One server as Claude Code runs it: a child process speaking MCP over stdio. */
export class DemoServer {
  readonly calls: string[] = [];
  private constructor(
    readonly name: ServerName,
    private readonly client: Client,
    readonly toolCount: number,
  ) {}

  static async start(name: ServerName, cwd: string, env: Record<string, string>): Promise<DemoServer> {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [fileURLToPath(new URL(`./${name}.js`, import.meta.url))],
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env },
      stderr: 'ignore',
    });
    const client = new Client({ name: 'protolabs-demo', version: '1' });
    await client.connect(transport);
    const { tools } = await client.listTools();
    return new DemoServer(name, client, tools.length);
  }

  /** Calls a tool; a tool error stops the demo with the server's own message. */
  async call(tool: string, args: Record<string, unknown> = {}): Promise<ToolAnswer> {
    this.calls.push(tool);
    const result = (await this.client.callTool({ name: tool, arguments: args, _meta: WITH_DATA }, undefined, {
      timeout: 120_000,
    })) as CallToolResult;
    const first = result.content?.[0];
    const text = first?.type === 'text' ? first.text : '';
    if (result.isError) throw new Error(`${this.name}.${tool} failed: ${text}`);
    return { text, data: dataOf(result) };
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
