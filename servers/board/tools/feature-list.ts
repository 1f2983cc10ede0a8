import * as z from 'zod';
import { READ } from '../../../shared/define-tool.js';
import { InputError } from '../../../shared/errors.js';
import { compareQueueOrder } from '../logic/ready-queue.js';
import { category, defineBoardTool, featureLine, renderLine, status } from './common.js';
import { safeLine } from './text.js';

const CORRUPT_SHOWN = 20;

export const featureList = defineBoardTool({
  name: 'feature_list',
  title: 'List features',
  description: 'One line per feature (priority order), filtered by status, category or text. Paginated.',
  input: z
    .object({
      status: status.optional(),
      category: category.optional(),
      query: z.string().min(1).max(200).optional().describe('Text to find in title or description'),
      limit: z.number().int().min(1).max(200).default(50).describe('Page size (default 50)'),
      cursor: z.string().max(20).regex(/^\d+$/).optional().describe('nextCursor from the previous page'),
    })
    .strict(),
  hints: READ,
  tier: 'basic',
  async handler(args, ctx) {
    const { store } = await ctx.deps.board();
    const board = await store.snapshot();
    const query = args.query?.toLowerCase();
    const offset = args.cursor === undefined ? 0 : Number.parseInt(args.cursor, 10);
    if (!Number.isInteger(offset) || offset < 0 || (String(offset) !== args.cursor && args.cursor !== undefined)) {
      throw new InputError('cursor is not one this tool returned; omit it to start from the first page.');
    }
    const matching = [...board.features.values()]
      .filter((f) => !args.status || f.status === args.status)
      .filter((f) => !args.category || f.category.toLowerCase() === args.category.toLowerCase())
      .filter((f) => !query || f.title.toLowerCase().includes(query) || f.description.toLowerCase().includes(query))
      .sort(compareQueueOrder);
    const page = matching.slice(offset, offset + args.limit).map((f) => featureLine(f, board.features));
    const nextCursor = offset + args.limit < matching.length ? String(offset + args.limit) : undefined;
    const data: Record<string, unknown> = { features: page, total: matching.length };
    if (nextCursor) data.nextCursor = nextCursor;
    const corrupt = board.corrupt.slice(0, CORRUPT_SHOWN).map((c) => ({ id: safeLine(c.id, 130), error: safeLine(c.error, 300) }));
    if (corrupt.length > 0) data.corrupt = corrupt;
    if (board.corrupt.length > CORRUPT_SHOWN) data.corruptTotal = board.corrupt.length;
    const lines = page.map(renderLine);
    if (nextCursor) lines.push(`… ${matching.length - offset - page.length} more (cursor ${nextCursor})`);
    for (const c of corrupt) lines.push(`! ${c.id}: unreadable feature.json (${c.error})`);
    if (board.corrupt.length > CORRUPT_SHOWN) lines.push(`! … ${board.corrupt.length - CORRUPT_SHOWN} more unreadable`);
    return { data, text: lines.length > 0 ? lines.join('\n') : 'No features match.' };
  },
});
