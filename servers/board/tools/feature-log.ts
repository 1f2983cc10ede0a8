import * as z from 'zod';
import { WRITE } from '../../../shared/define-tool.js';
import { actorName } from '../logic/transitions.js';
import { defineBoardTool, featureId, renewLeaseIfHolder } from './common.js';
import { appendWorkLog } from './work-log.js';

export const featureLog = defineBoardTool({
  name: 'feature_log',
  title: 'Log work on a feature',
  description:
    'Append notes to the feature’s work log (board-log.md; the app’s agent-output.md is left alone): decisions, progress, what is left.',
  input: z
    .object({
      id: featureId,
      text: z.string().min(1).max(20_000).describe('Markdown to append'),
    })
    .strict(),
  hints: WRITE,
  tier: 'basic',
  async handler({ id, text }, ctx) {
    const { deps } = ctx;
    const { store, location } = await deps.board();
    const feature = await store.get(id);
    await appendWorkLog(location, id, `\n### ${new Date(deps.clock()).toISOString()} · ${actorName(deps.actor)}\n\n${text}\n`);
    await renewLeaseIfHolder(deps, store, feature);
    return { data: { id, appendedChars: text.length }, text: `Logged ${text.length} characters on ${id}.` };
  },
});
