// The tools a server lists, taken from its committed tools/list snapshot (servers/<name>/test/__snapshots__/
// tools.json) instead of counts written into tests: adding a tool changes the snapshot, and every test follows.
import { readFileSync } from 'node:fs';
import type { ServerName } from '../shared/servers.js';
import { PROJECT_ROOT } from './mcp-client.js';

export function snapshotToolNames(server: ServerName, keep: (name: string) => boolean = () => true): string[] {
  const tools = JSON.parse(readFileSync(`${PROJECT_ROOT}servers/${server}/test/__snapshots__/tools.json`, 'utf8')) as Array<{
    name: string;
  }>;
  return tools
    .map((t) => t.name)
    .filter(keep)
    .sort();
}

export function listedNames(tools: Array<{ name: string }>): string[] {
  return tools.map((t) => t.name).sort();
}
