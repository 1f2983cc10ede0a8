import * as z from 'zod';
import { WRITE } from '../../../shared/define-tool.js';
import { InputError, NotFoundError } from '../../../shared/errors.js';
import { dependencyGraph, findCycle } from '../logic/dependencies.js';
import { assertNotHeldByOther } from '../logic/transitions.js';
import { category, defineBoardTool, description, featureId, featureLine, priority, renderLine, title } from './common.js';

export const featureUpdate = defineBoardTool({
  name: 'feature_update',
  title: 'Edit a feature',
  description:
    'Edit title, description, category, priority, dependencies or summary. Dependency edits are refused if they would form a cycle. Status changes use feature_move.',
  input: z
    .object({
      id: featureId,
      title: title.optional(),
      description: description.optional(),
      category: category.optional(),
      priority: priority.optional(),
      dependencies: z.array(featureId).max(50).optional().describe('Replaces the dependency ids'),
      summary: z.string().max(5000).optional().describe('What was done, for reviewers and dependents'),
    })
    .strict(),
  hints: { ...WRITE, idempotentHint: true },
  tier: 'basic',
  async handler({ id, ...changes }, ctx) {
    const { deps } = ctx;
    const { store } = await deps.board();
    if (Object.keys(changes).length === 0) throw new InputError('Nothing to change; pass at least one field besides id.');
    const updated = await store.transaction((board, writes) => {
      const feature = board.features.get(id);
      if (!feature) throw new NotFoundError(`No feature ${id}; feature_list shows the ids.`);
      assertNotHeldByOther(feature, deps.actor, deps.clock());
      // Nothing new: nothing is written (not even updatedAt), so a no-op leaves the app's file as it was.
      if (Object.entries(changes).every(([key, value]) => JSON.stringify(feature[key]) === JSON.stringify(value))) {
        return { next: feature, features: board.features, unchanged: true };
      }
      const next = { ...feature, ...changes, updatedAt: new Date(deps.clock()).toISOString() };
      if (changes.dependencies) {
        const unknown = changes.dependencies.filter((d) => !board.features.has(d));
        if (unknown.length > 0) throw new InputError(`Unknown dependency id(s): ${unknown.join(', ')}.`);
        if (changes.dependencies.includes(id)) throw new InputError('A feature cannot depend on itself.');
        next.dependencies = [...new Set(changes.dependencies)];
        const graph = dependencyGraph([...board.features.values()].map((f) => (f.id === id ? next : f)));
        const cycle = findCycle(graph);
        if (cycle) throw new InputError(`That dependency change would form a cycle (${cycle.join(' → ')}); nothing was changed.`);
      }
      writes.save(next);
      return { next, features: new Map([...board.features, [id, next] as const]), unchanged: false };
    });
    const line = featureLine(updated.next, updated.features);
    return {
      data: { feature: line, ...(updated.unchanged ? { unchanged: true } : {}) },
      text: `${updated.unchanged ? 'Unchanged' : 'Updated'}: ${renderLine(line)}`,
    };
  },
});
