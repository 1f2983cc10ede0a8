// The README's tool lists, generated from the servers' own registries (a test checks the README holds exactly these;
// `npm run readme:tools` rewrites them). Definition cost is measured on the committed tools/list snapshot.
import { readFileSync } from 'node:fs';
import type { ToolDefinition } from '../../shared/define-tool.js';
import { SERVER_NAMES, type ServerName } from '../../shared/servers.js';
import { boardTools } from '../../servers/board/tools/index.js';
import { botTools, webhookTools } from '../../servers/discord/tools/index.js';
import { tools as githubTools } from '../../servers/github/tools/index.js';
import { tools as proxmoxTools } from '../../servers/proxmox/tools/index.js';

type AnyTool = Pick<ToolDefinition, 'name' | 'tier'>;

const REGISTRY: Record<ServerName, { tools: readonly AnyTool[]; note?: string; elevatedBy?: string }> = {
  board: { tools: boardTools },
  github: { tools: githubTools, elevatedBy: 'GITHUB_ALLOW_ELEVATED=true' },
  discord: { tools: botTools, note: `with only a webhook: ${webhookTools.map((t) => `\`${t.name}\``).join(', ')}` },
  proxmox: { tools: proxmoxTools, elevatedBy: 'PROXMOX_ALLOW_ELEVATED=true' },
};

export function markers(server: ServerName): { start: string; end: string } {
  return { start: `<!-- tools:${server} (generated from the server; npm run readme:tools) -->`, end: `<!-- /tools:${server} -->` };
}

/** The block between a server's markers. */
export function renderToolList(server: ServerName, root: string): string {
  const { tools, note, elevatedBy } = REGISTRY[server];
  const snapshot = readFileSync(`${root}servers/${server}/test/__snapshots__/tools.json`, 'utf8');
  const tokens = Math.round(JSON.stringify(JSON.parse(snapshot)).length / 4 / 100) / 10;
  const names = (tier: string) =>
    tools
      .filter((t) => t.tier === tier)
      .map((t) => `\`${t.name}\``)
      .join(', ');
  const lines = [`**Tools** (${tools.length}; their definitions ≈ ${tokens}k tokens, characters ÷ 4 of tools/list): ${names('basic')}.`];
  if (elevatedBy) lines.push(`Elevated, listed only with \`${elevatedBy}\`: ${names('elevated')}.`);
  if (note) lines.push(`${note[0]?.toUpperCase()}${note.slice(1)}.`);
  return lines.join('\n');
}

/** The README with every server's block replaced by its generated list. */
export function withToolLists(readme: string, root: string): string {
  let out = readme;
  for (const server of SERVER_NAMES) {
    const { start, end } = markers(server);
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} block`);
    out = `${out.slice(0, from + start.length)}\n${renderToolList(server, root)}\n${out.slice(to)}`;
  }
  return out;
}
