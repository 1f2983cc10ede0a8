import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { readJson } from '../../shared/atomic-json.js';
import type { BoardDeps } from './deps.js';
import { compareQueueOrder } from './logic/ready-queue.js';
import { FEATURE_ID_PATTERN } from './store/feature.js';
import { renderBoard, summarizeBoard } from './tools/board-view.js';

const CONTEXT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const LISTED_FEATURES = 100;

/** The board summary, each feature, and each `.automaker/context/` file as MCP resources. */
export function registerBoardResources(server: McpServer, deps: BoardDeps): void {
  server.registerResource('board', 'board://summary', { title: 'Board summary', mimeType: 'text/plain' }, async (uri) => {
    const { store } = await deps.board();
    return { contents: [{ uri: uri.href, mimeType: 'text/plain', text: renderBoard(summarizeBoard(await store.snapshot(), deps.clock())) }] };
  });

  server.registerResource(
    'feature',
    new ResourceTemplate('board://features/{id}', {
      list: async () => {
        const { store } = await deps.board();
        const features = [...(await store.snapshot()).features.values()].filter((f) => f.status !== 'done').sort(compareQueueOrder);
        return {
          resources: features.slice(0, LISTED_FEATURES).map((f) => ({ uri: `board://features/${f.id}`, name: f.title, mimeType: 'application/json' })),
        };
      },
    }),
    { title: 'Feature', mimeType: 'application/json' },
    async (uri, { id }) => {
      const featureId = String(id);
      if (!FEATURE_ID_PATTERN.test(featureId)) throw new Error('not a feature id');
      const { store } = await deps.board();
      const feature = await store.get(featureId);
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(feature, null, 2) }] };
    },
  );

  server.registerResource(
    'context',
    new ResourceTemplate('board://context/{name}', {
      list: async () => {
        const { location } = await deps.board();
        const names = await contextFiles(location.contextDir);
        const meta = await readJson<{ files?: Record<string, { description?: string }> }>(join(location.contextDir, 'context-metadata.json'));
        const descriptions = meta.ok ? (meta.value.files ?? {}) : {};
        return {
          resources: names.map((name) => ({
            uri: `board://context/${name}`,
            name,
            mimeType: 'text/markdown',
            ...(descriptions[name]?.description ? { description: descriptions[name]?.description } : {}),
          })),
        };
      },
    }),
    { title: 'Project context file', mimeType: 'text/markdown' },
    async (uri, { name }) => {
      const fileName = String(name);
      const { location } = await deps.board();
      if (!CONTEXT_NAME.test(fileName) || !(await contextFiles(location.contextDir)).includes(fileName)) {
        throw new Error(`no context file ${fileName.slice(0, 80)}`);
      }
      return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text: await readFile(join(location.contextDir, fileName), 'utf8') }] };
    },
  );
}

async function contextFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && CONTEXT_NAME.test(e.name) && e.name !== 'context-metadata.json')
    .map((e) => e.name)
    .sort();
}
