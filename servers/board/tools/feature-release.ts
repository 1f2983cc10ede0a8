import * as z from 'zod';
import { WRITE } from '../../../shared/define-tool.js';
import { ConflictError, NotFoundError } from '../../../shared/errors.js';
import { type Actor, actorName, assertMoveAllowed, assertNotAppWork, assertNotHeldByOther, withStatus } from '../logic/transitions.js';
import { defineBoardTool, featureId, featureLine, renderLine, withAppWord, singleLine } from './common.js';
import { doneReason } from './done-gate.js';
import { agentName } from './feature-claim.js';

export const featureRelease = defineBoardTool({
  name: 'feature_release',
  title: 'Release a feature',
  description:
    'End your claim on an in-progress feature and move it on: review (work done, PR open), blocked (with a note), or back to backlog (default). Done means merged: use worktree_merge.',
  input: z
    .object({
      id: featureId,
      status: z.enum(['backlog', 'review', 'blocked', 'done']).default('backlog').describe('Where it goes next (default backlog)'),
      note: singleLine(1000).optional().describe('Why; required for blocked, and for force'),
      agent: agentName.optional(),
      force: z.boolean().default(false).describe('Release as done without a merge (needs note; recorded)'),
    })
    .strict(),
  hints: WRITE,
  tier: 'basic',
  async handler({ id, status: to, note, agent, force }, ctx) {
    const { deps } = ctx;
    const actor: Actor = { ...deps.actor, ...(agent ? { agent } : {}) };
    const { store } = await deps.board();
    const released = await store.transaction(async (board, writes) => {
      const feature = board.features.get(id);
      if (!feature) throw new NotFoundError(`No feature ${id}; feature_list shows the ids.`);
      const now = deps.clock();
      if (feature.status !== 'in_progress') {
        throw new ConflictError(`Feature ${id} is ${feature.status}, not in_progress; use feature_move to change its status.`);
      }
      assertNotHeldByOther(feature, actor, now);
      assertNotAppWork(feature);
      assertMoveAllowed(feature, to, board.features, note);
      if (to === 'review') await deps.assertReviewReady(feature);
      const why = to === 'done' ? await doneReason(deps, feature, { force, ...(note ? { reason: note } : {}) }) : note;
      const next = withStatus(feature, to, { now, by: actorName(actor), reason: why ?? 'released' });
      writes.save(next);
      return { line: withAppWord(featureLine(next, board.features), board.dialect) };
    });
    return { data: { feature: released.line }, text: `Released: ${renderLine(released.line)}` };
  },
});
