import type { Feature } from '../store/feature.js';

/** Returns one dependency cycle (as ids, first repeated at the end) in the graph, or undefined. */
export function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    const mark = state.get(id);
    if (mark === 'done') return undefined;
    if (mark === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    path.push(id);
    for (const dep of graph.get(id) ?? []) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of graph.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}

export function dependencyGraph(features: Iterable<Feature>): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of features) graph.set(f.id, f.dependencies);
  return graph;
}

/** Dependencies that are not done yet (missing ones count as blocking). */
export function unfinishedDependencies(
  feature: Feature,
  features: ReadonlyMap<string, Feature>,
): Array<{ id: string; title?: string; status: string }> {
  const open: Array<{ id: string; title?: string; status: string }> = [];
  for (const id of feature.dependencies) {
    const dep = features.get(id);
    if (!dep) open.push({ id, status: 'missing' });
    else if (dep.status !== 'done') open.push({ id, title: dep.title, status: dep.status });
  }
  return open;
}

/** Features that list `id` as a dependency. */
export function dependentsOf(id: string, features: Iterable<Feature>): Feature[] {
  return [...features].filter((f) => f.dependencies.includes(id));
}
