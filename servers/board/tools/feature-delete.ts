import * as z from 'zod';
import { DESTRUCTIVE } from '../../../shared/define-tool.js';
import { ConflictError, NotFoundError } from '../../../shared/errors.js';
import { dependentsOf } from '../logic/dependencies.js';
import { assertNotHeldByOther } from '../logic/transitions.js';
import { defineBoardTool, featureId } from './common.js';

export const featureDelete = defineBoardTool({
  name: 'feature_delete',
  title: 'Delete a feature',
  description:
    'Delete a feature and its log. Refused while other features depend on it or another session holds it, unless force (which also drops it from dependents).',
  input: z
    .object({
      id: featureId,
      force: z.boolean().default(false).describe('Delete even if depended on or claimed'),
    })
    .strict(),
  hints: DESTRUCTIVE,
  tier: 'basic',
  async handler({ id, force }, ctx) {
    const { deps } = ctx;
    const { store } = await deps.board();
    const result = await store.transaction((board, writes) => {
      const feature = board.features.get(id);
      if (!feature) {
        if (board.corrupt.some((c) => c.id === id) && force) {
          writes.remove(id);
          return { title: '(corrupt)', detached: [] as string[] };
        }
        throw new NotFoundError(`No feature ${id}; feature_list shows the ids.`);
      }
      const dependents = dependentsOf(id, board.features.values());
      if (!force) {
        assertNotHeldByOther(feature, deps.actor, deps.clock());
        if (dependents.length > 0) {
          throw new ConflictError(`${dependents.length} feature(s) depend on ${id}; remove those dependencies first or pass force.`, {
            dependents: dependents.map((d) => ({ id: d.id, title: d.title })),
          });
        }
      }
      const timestamp = new Date(deps.clock()).toISOString();
      for (const d of dependents) {
        writes.save({ ...d, dependencies: d.dependencies.filter((x) => x !== id), updatedAt: timestamp });
      }
      writes.remove(id);
      return { title: feature.title, detached: dependents.map((d) => d.id) };
    });
    return {
      data: { deleted: id, title: result.title, ...(result.detached.length ? { removedFromDependencies: result.detached } : {}) },
      text: `Deleted ${id} (${result.title})${result.detached.length ? `; dropped from the dependencies of ${result.detached.join(', ')}` : ''}.`,
    };
  },
});
