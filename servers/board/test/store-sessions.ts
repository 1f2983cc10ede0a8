import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { locateBoard } from '../store/board-location.js';
import type { Feature } from '../store/feature.js';
import { FeatureStore } from '../store/feature-store.js';
import { createRepo } from './harness.js';

/**
 * A fresh repository per test and stores on it as separate server processes would hold them (each `session()` starts
 * with nothing in memory); every store is closed and the repository removed afterwards.
 */
export function useStoreSessions(): { repo: () => string; featuresDir: () => string; session: () => Promise<FeatureStore> } {
  let repo: string | undefined;
  const stores: FeatureStore[] = [];
  beforeEach(() => {
    repo = createRepo();
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    if (repo) rmSync(repo, { recursive: true, force: true });
  });
  return {
    repo: () => repo as string,
    featuresDir: () => join(repo as string, '.automaker', 'features'),
    async session() {
      const store = new FeatureStore(await locateBoard(repo as string));
      stores.push(store);
      return store;
    },
  };
}

/** The n-th of a set of plain backlog features with fixed ids and dates. */
export function feature(n: number): Feature {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
  return {
    id: `feature-${1767225600000 + n}-recovery${n}`,
    title: `feature ${n}`,
    description: '',
    category: 'c',
    status: 'backlog',
    dependencies: [],
    statusHistory: [],
    createdAt: at,
    updatedAt: at,
  };
}

/** The first `count` of them, created in one transaction. */
export async function create(store: FeatureStore, count: number): Promise<Feature[]> {
  const made = Array.from({ length: count }, (_, i) => feature(i));
  await store.transaction((_board, writes) => {
    for (const f of made) writes.save(f);
  });
  return made;
}

export async function retitle(store: FeatureStore, id: string, title: string): Promise<void> {
  await store.transaction((board, writes) => writes.save({ ...board.features.get(id)!, title }));
}
