import * as z from 'zod';
import { READ } from '../../../shared/define-tool.js';
import { dependentsOf } from '../logic/dependencies.js';
import { defineBoardTool, featureId, renewLeaseIfHolder } from './common.js';
import { renderFeature } from './feature-text.js';
import { boundedFeature, boundedHistory } from './feature-view.js';
import { safeLine } from './text.js';
import { workLogTail } from './work-log.js';

const HISTORY_SHOWN = 10;
const LOG_LINES = 20;
const RELATED_SHOWN = 50;

export const featureGet = defineBoardTool({
  name: 'feature_get',
  title: 'Get a feature',
  description:
    'Everything about one feature: description, dependency states, claim, worktree, PR, verification, recent history and the last lines of its log.',
  input: z.object({ id: featureId }).strict(),
  hints: READ,
  tier: 'basic',
  async handler({ id }, ctx) {
    const { store, location } = await ctx.deps.board();
    const board = await store.snapshot();
    const feature = await renewLeaseIfHolder(ctx.deps, store, await store.get(id));
    const dependencies = feature.dependencies.slice(0, RELATED_SHOWN).map((dep) => {
      const d = board.features.get(dep);
      return d ? { id: dep, title: safeLine(d.title), status: d.status } : { id: safeLine(dep, 130), status: 'missing' };
    });
    const allDependents = dependentsOf(id, board.features.values());
    const dependents = allDependents.slice(0, RELATED_SHOWN).map((d) => ({ id: d.id, title: safeLine(d.title), status: d.status }));
    const log = await workLogTail(location, id, LOG_LINES);
    const data = {
      feature: {
        ...boundedFeature(feature),
        dependencies,
        ...(feature.dependencies.length > RELATED_SHOWN ? { dependenciesTotal: feature.dependencies.length } : {}),
        dependents,
        ...(allDependents.length > RELATED_SHOWN ? { dependentsTotal: allDependents.length } : {}),
        statusHistory: boundedHistory(feature, HISTORY_SHOWN),
        ...(feature.statusHistory.length > HISTORY_SHOWN ? { olderHistoryEntries: feature.statusHistory.length - HISTORY_SHOWN } : {}),
        logTail: log.lines,
        ...(log.cut ? { logCut: log.cut } : {}),
      },
    };
    return { data, text: renderFeature(data.feature) };
  },
});
