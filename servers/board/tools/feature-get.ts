import * as z from 'zod';
import { READ } from '../../../shared/define-tool.js';
import { dependentsOf } from '../logic/dependencies.js';
import { defineBoardTool, featureId, renewLeaseIfHolder } from './common.js';

const HISTORY_SHOWN = 10;
const LOG_LINES = 20;

export const featureGet = defineBoardTool({
  name: 'feature_get',
  title: 'Get a feature',
  description: 'Everything about one feature: description, dependency states, claim, worktree, PR, verification, recent history and the last lines of its log.',
  input: z.object({ id: featureId }).strict(),
  hints: READ,
  tier: 'basic',
  async handler({ id }, ctx) {
    const { store } = await ctx.deps.board();
    const board = await store.snapshot();
    const feature = await renewLeaseIfHolder(ctx.deps, store, await store.get(id));
    const { statusHistory, claimSession: _session, ...rest } = feature;
    const dependencies = feature.dependencies.map((dep) => {
      const d = board.features.get(dep);
      return d ? { id: dep, title: d.title, status: d.status } : { id: dep, status: 'missing' };
    });
    const dependents = dependentsOf(id, board.features.values()).map((d) => ({ id: d.id, title: d.title, status: d.status }));
    const data = {
      feature: {
        ...rest,
        dependencies,
        dependents,
        statusHistory: statusHistory.slice(-HISTORY_SHOWN),
        ...(statusHistory.length > HISTORY_SHOWN ? { olderHistoryEntries: statusHistory.length - HISTORY_SHOWN } : {}),
        logTail: await store.logTail(id, LOG_LINES),
      },
    };
    return { data };
  },
});
