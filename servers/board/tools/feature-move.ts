import * as z from 'zod';
import { WRITE } from '../../../shared/define-tool.js';
import { NotFoundError } from '../../../shared/errors.js';
import { actorName, assertMoveAllowed, assertNotAppWork, assertNotHeldByOther, withClaim, withStatus } from '../logic/transitions.js';
import { defineBoardTool, featureId, featureLine, renderLine, withAppWord, singleLine, status } from './common.js';
import { doneReason } from './done-gate.js';

export const featureMove = defineBoardTool({
  name: 'feature_move',
  title: 'Move a feature',
  description:
    'Change a feature’s status along the legal moves (backlog → in_progress → review → done; blocked needs a reason). Starting needs every dependency done; moving to in_progress claims it for you. Done means merged: use worktree_merge.',
  input: z
    .object({
      id: featureId,
      status,
      reason: singleLine(1000).optional().describe('Why (required for blocked, and for force)'),
      force: z.boolean().default(false).describe('Mark done without a merge (needs reason; recorded)'),
    })
    .strict(),
  hints: WRITE,
  tier: 'basic',
  async handler({ id, status: to, reason, force }, ctx) {
    const { deps } = ctx;
    const { store } = await deps.board();
    const moved = await store.transaction(async (board, writes) => {
      const feature = board.features.get(id);
      if (!feature) throw new NotFoundError(`No feature ${id}; feature_list shows the ids.`);
      const now = deps.clock();
      assertNotHeldByOther(feature, deps.actor, now);
      assertNotAppWork(feature);
      assertMoveAllowed(feature, to, board.features, reason);
      if (to === 'review') await deps.assertReviewReady(feature);
      const why = to === 'done' ? await doneReason(deps, feature, { force, ...(reason ? { reason } : {}) }) : reason;
      let next = withStatus(feature, to, { now, by: actorName(deps.actor), ...(why ? { reason: why } : {}) });
      if (to === 'in_progress') next = withClaim(next, deps.actor, now, deps.config.leaseMs);
      writes.save(next);
      return { from: feature.appStatus ?? feature.status, line: withAppWord(featureLine(next, board.features), board.dialect) };
    });
    return { data: { feature: moved.line, from: moved.from }, text: `${moved.from} → ${renderLine(moved.line)}` };
  },
});
