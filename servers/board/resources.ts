import { readdir } from 'node:fs/promises';
import { extname } from 'node:path';
import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { BoardDeps } from './deps.js';
import { compareQueueOrder } from './logic/ready-queue.js';
import type { BoardLocation } from './store/board-location.js';
import { FEATURE_ID_PATTERN } from './store/feature.js';
import { boardPath, readFileNoFollow } from './store/safe-path.js';
import { boundedFeature } from './tools/feature-view.js';
import { safeLine } from './tools/text.js';
import { renderBoard, summarizeBoard } from './tools/board-view.js';

const CONTEXT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** The apps load only these as context (context-loader.ts:30-36); other files are listed with their type, never served as text. */
const TEXT_TYPES: Record<string, string> = { '.md': 'text/markdown', '.txt': 'text/plain' };
const OTHER_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf',
  '.webp': 'image/webp',
};

function contextType(name: string): { mimeType: string; text: boolean } {
  const ext = extname(name).toLowerCase();
  const text = TEXT_TYPES[ext];
  return text ? { mimeType: text, text: true } : { mimeType: OTHER_TYPES[ext] ?? 'application/octet-stream', text: false };
}
const LISTED_FEATURES = 100;
/** A context file is served up to this size, then cut with a marker. */
const CONTEXT_BYTES = 200 * 1024;

/** The board summary, each feature, and each `.automaker/context/` file as MCP resources. */
export function registerBoardResources(server: McpServer, deps: BoardDeps): void {
  server.registerResource('board', 'board://summary', { title: 'Board summary', mimeType: 'text/plain' }, async (uri) => {
    const { store } = await deps.board();
    return {
      contents: [{ uri: uri.href, mimeType: 'text/plain', text: renderBoard(summarizeBoard(await store.snapshot(), deps.clock())) }],
    };
  });

  server.registerResource(
    'feature',
    new ResourceTemplate('board://features/{id}', {
      list: async () => {
        const { store } = await deps.board();
        const features = [...(await store.snapshot()).features.values()].filter((f) => f.status !== 'done').sort(compareQueueOrder);
        return {
          resources: features
            .slice(0, LISTED_FEATURES)
            .map((f) => ({ uri: `board://features/${f.id}`, name: safeLine(f.title), mimeType: 'application/json' })),
        };
      },
    }),
    { title: 'Feature', mimeType: 'application/json' },
    async (uri, { id }) => {
      const featureId = String(id);
      if (!FEATURE_ID_PATTERN.test(featureId)) throw new Error('not a feature id');
      const { store } = await deps.board();
      const feature = await store.get(featureId);
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(boundedFeature(feature), null, 2) }] };
    },
  );

  server.registerResource(
    'context',
    new ResourceTemplate('board://context/{name}', {
      list: async () => {
        const { location } = await deps.board();
        const names = await contextFiles(location);
        const descriptions = await contextDescriptions(location);
        return {
          resources: names.map((name) => ({
            uri: `board://context/${name}`,
            name,
            mimeType: contextType(name).mimeType,
            ...(typeof descriptions[name]?.description === 'string' ? { description: safeLine(descriptions[name].description, 500) } : {}),
          })),
        };
      },
    }),
    { title: 'Project context file', mimeType: 'text/markdown' },
    async (uri, { name }) => {
      const fileName = String(name);
      const { location } = await deps.board();
      if (!CONTEXT_NAME.test(fileName) || !(await contextFiles(location)).includes(fileName)) {
        throw new Error(`no context file ${fileName.slice(0, 80)}`);
      }
      const type = contextType(fileName);
      if (!type.text)
        throw new Error(`${fileName} is ${type.mimeType}, not text; only .md and .txt context files are served (the apps read only those)`);
      const read = await readFileNoFollow(boardPath(location, 'context', fileName), CONTEXT_BYTES);
      if (!read) throw new Error(`no context file ${fileName}`);
      const cut =
        read.size > CONTEXT_BYTES
          ? `\n… [cut at ${CONTEXT_BYTES} of ${read.size} bytes; the whole file is .automaker/context/${fileName}]`
          : '';
      return { contents: [{ uri: uri.href, mimeType: type.mimeType, text: `${read.text}${cut}` }] };
    },
  );
}

/** The context folder's regular files (never links); a linked context folder is an error naming it. */
async function contextFiles(location: BoardLocation): Promise<string[]> {
  const entries = await readdir(boardPath(location, 'context'), { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
    throw error;
  });
  return entries
    .filter((e) => e.isFile() && CONTEXT_NAME.test(e.name) && e.name !== 'context-metadata.json')
    .map((e) => e.name)
    .sort();
}

async function contextDescriptions(location: BoardLocation): Promise<Record<string, { description?: unknown }>> {
  const read = await readFileNoFollow(boardPath(location, 'context', 'context-metadata.json'), CONTEXT_BYTES);
  if (!read || read.size > CONTEXT_BYTES) return {};
  try {
    const files = (JSON.parse(read.text) as { files?: unknown }).files;
    return typeof files === 'object' && files !== null ? (files as Record<string, { description?: unknown }>) : {};
  } catch {
    return {};
  }
}
