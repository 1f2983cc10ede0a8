import { describe, expect, it } from 'vitest';
import { boardOwnedPaths } from './owned-paths.js';

const file = (path: string) => ({ path, mode: '100644' });

describe('the paths a merge may not bring into the main checkout', () => {
  it('are the board’s runtime files: features, the lock, its queue of waiters, the background check’s lease', () => {
    const runtime = [
      '.automaker/features/feature-1-abc/feature.json',
      '.automaker/.features.lock',
      '.automaker/.features.lock/held',
      '.automaker/.features.lock.queue/000001767225600000-42-deadbeef',
      '.automaker/.features.sweep',
      '.automaker/.features.sweep/held',
    ];
    const ordinary = ['.automaker/settings.json', '.automaker/context/notes.md', 'src/features.lock.ts'];
    expect(boardOwnedPaths([...runtime, ...ordinary].map(file))).toEqual(runtime);
  });
});
