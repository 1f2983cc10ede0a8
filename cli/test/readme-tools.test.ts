import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NAMES } from '../../shared/servers.js';
import { PROJECT_ROOT } from '../../testing/mcp-client.js';
import { snapshotToolNames } from '../../testing/tool-snapshot.js';
import { markers, withToolLists } from '../readme/tool-lists.js';

const readme = readFileSync(`${PROJECT_ROOT}README.md`, 'utf8');
const PROMPTS = new Set(['auto_mode', 'implement_feature']);

describe('the README’s tool lists', () => {
  it('are exactly what the servers list (run npm run readme:tools after adding a tool)', () => {
    expect(readme).toBe(withToolLists(readme, PROJECT_ROOT));
  });

  it.each(SERVER_NAMES)('name no %s tool the server does not have', (server) => {
    const { start } = markers(server);
    const from = readme.indexOf(`### ${server}\n`);
    const to = readme.indexOf('\n### ', from + 1);
    const section = readme.slice(from, to);
    expect(section).toContain(start);
    const known = new Set(SERVER_NAMES.flatMap((s) => snapshotToolNames(s)));
    // A tool-shaped name starts with the noun of some tool (`feature_…`, `pr_…`); statuses such as `in_progress` do not.
    const nouns = new Set([...known].map((name) => name.split('_')[0]));
    const named = [...section.matchAll(/`([a-z]+_[a-z_]+)`/g)].map((m) => m[1] as string).filter((name) => nouns.has(name.split('_')[0]));
    expect(named.filter((name) => !known.has(name) && !PROMPTS.has(name))).toEqual([]);
  });
});
