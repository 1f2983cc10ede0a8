import * as z from 'zod';
import { WRITE } from '../../../shared/define-tool.js';
import { NotFoundError } from '../../../shared/errors.js';
import { actorName, assertMoveAllowed, assertNotHeldByOther, withClaim, withStatus } from '../logic/transitions.js';
import { defineBoardTool, featureId, featureLine, renderLine, status } from './common.js';

export const featureMove = defineBoardTool({
  name: 'feature_move',
  title: 'Move a feature',
  description:
    'Change a feature’s status along the legal moves (backlog → in_progress → review → done; blocked needs a reason). Starting needs every dependency done; moving to in_progress claims it for you.',
  input: z
    .object({
      id: featureId,
      status,
      reason: z.string().trim().min(1).max(1000).optional().describe('Why (required for blocked)'),
    })
    .strict(),
  hints: WRITE,
  tier: 'basic',
  async handler({ id, status: to, reason }, ctx) {
    const { deps } = ctx;
    const { store } = await deps.board();
    const moved = await store.transaction(async (board, writes) => {
      const feature = board.features.get(id);
      if (!feature) throw new NotFoundError(`No feature ${id}; feature_list shows the ids.`);
      const now = deps.clock();
      assertNotHeldByOther(feature, deps.actor, now);
      assertMoveAllowed(feature, to, board.features, reason);
      if (to === 'review') await deps.assertReviewReady(feature);
      let next = withStatus(feature, to, { now, by: actorName(deps.actor), ...(reason ? { reason } : {}) });
      if (to === 'in_progress') next = withClaim(next, deps.actor, now, deps.config.leaseMs);
      writes.save(next);
      return { from: feature.status, line: featureLine(next, board.features) };
    });
    return { data: { feature: moved.line, from: moved.from }, text: `${moved.from} → ${renderLine(moved.line)}` };
  },
});
