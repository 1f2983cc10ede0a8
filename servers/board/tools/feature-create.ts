import * as z from 'zod';
import { WRITE } from '../../../shared/define-tool.js';
import { InputError } from '../../../shared/errors.js';
import { dependencyGraph, findCycle } from '../logic/dependencies.js';
import { actorName } from '../logic/transitions.js';
import { type Feature, newFeatureId } from '../store/feature.js';
import { category, defineBoardTool, description, featureLine, priority, title } from './common.js';
import { safeLine } from './text.js';

const item = z
  .object({
    title,
    description: description.optional(),
    category: category.optional(),
    priority: priority.optional(),
    dependencies: z
      .array(z.string().min(1).max(200))
      .max(50)
      .optional()
      .describe('Ids of existing features, or titles of features in this same call'),
  })
  .strict();

export const featureCreate = defineBoardTool({
  name: 'feature_create',
  title: 'Create features',
  description:
    'Add one or many features (a whole plan at once) to the backlog. Dependencies may name other items of the same call by title. All or nothing: an unknown dependency or a cycle creates nothing.',
  input: z.object({ features: z.array(item).min(1).max(100).describe('Features to create') }).strict(),
  hints: WRITE,
  tier: 'basic',
  async handler({ features: items }, ctx) {
    const { deps } = ctx;
    const { store } = await deps.board();
    const { created, all } = await store.transaction((board, writes) => {
      const now = deps.clock();
      const timestamp = new Date(now).toISOString();
      const byTitle = new Map<string, string>();
      // one timestamp for the whole plan, so the ids decide the queue order among equals: sorted, they keep the plan's
      const ids = items.map(() => newFeatureId(now)).sort();
      items.forEach((it, i) => {
        const key = it.title.toLowerCase();
        if (byTitle.has(key))
          throw new InputError(`Two features in this call are titled "${it.title}"; titles used as dependencies must be unique.`);
        byTitle.set(key, ids[i] as string);
      });
      const fresh: Feature[] = items.map((it, i) => {
        const dependencies = (it.dependencies ?? []).map((dep) => {
          if (board.features.has(dep)) return dep;
          const sibling = byTitle.get(dep.toLowerCase());
          if (sibling) return sibling;
          throw new InputError(`"${it.title}" depends on "${dep}", which is neither an existing feature id nor a title in this call.`);
        });
        return {
          id: ids[i] as string,
          title: it.title,
          description: it.description ?? '',
          category: it.category ?? 'Uncategorized',
          ...(it.priority ? { priority: it.priority } : {}),
          status: 'backlog',
          dependencies: [...new Set(dependencies)],
          statusHistory: [{ from: null, to: 'backlog', timestamp, by: actorName(deps.actor) }],
          createdAt: timestamp,
          updatedAt: timestamp,
        };
      });
      const graph = dependencyGraph([...board.features.values(), ...fresh]);
      const cycle = findCycle(graph);
      if (cycle) throw new InputError(`These dependencies form a cycle (${cycle.join(' → ')}); nothing was created.`);
      for (const f of fresh) writes.save(f);
      return { created: fresh, all: new Map([...board.features, ...fresh.map((f) => [f.id, f] as const)]) };
    });
    const lines = created.map((f) => featureLine(f, all));
    return {
      data: { features: lines.map((l, i) => ({ ...l, dependencies: created[i]?.dependencies ?? [] })) },
      text: renderCreated(created),
    };
  },
});

/** One numbered line per new feature (all in backlog); a dependency on a sibling is its number, on an older feature its id. */
function renderCreated(created: Feature[]): string {
  const number = new Map(created.map((f, i) => [f.id, i + 1]));
  const lines = created.map((f, i) => {
    const after = f.dependencies.map((d) => number.get(d) ?? d);
    return `${i + 1}. ${f.id} · ${f.priority ? `P${f.priority} · ` : ''}${safeLine(f.title)}${after.length ? ` ← ${after.join(', ')}` : ''}`;
  });
  return `Created ${created.length} feature(s) in backlog (← waits on):\n${lines.join('\n')}`;
}
