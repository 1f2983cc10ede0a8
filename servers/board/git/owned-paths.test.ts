import { describe, expect, it } from 'vitest';
import { boardOwnedPaths, isBoardOwnedRoot } from './owned-paths.js';

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

  it('include .automaker itself turned into a file or a symlink (the board’s folder, ignored files and all, would go)', () => {
    const changes = [
      { path: '.automaker', mode: '120000' },
      { path: '.automakerx/notes.md', mode: '100644' },
    ];
    expect(boardOwnedPaths(changes)).toEqual(['.automaker']);
    expect(boardOwnedPaths([{ path: '.automaker', mode: '100644' }])).toEqual(['.automaker']);
  });

  it('all lie under the roots a merge is checked for: .automaker and the worktrees folder’s first segment', () => {
    const owned = boardOwnedPaths(
      [
        '.automaker',
        '.automaker/features/f/feature.json',
        '.automaker/.features.lock',
        'tools/.worktrees/f/src/a.ts',
        'tools/.worktrees',
      ].map(file),
      'tools/.worktrees/',
    );
    expect(owned).toHaveLength(5);
    expect(owned.every((path) => isBoardOwnedRoot(path.split('/')[0] ?? '', 'tools/.worktrees/'))).toBe(true);
    expect(['.Automaker', 'TOOLS', '.automaker.'].every((name) => isBoardOwnedRoot(name, 'tools/.worktrees/'))).toBe(true);
    expect(['src', '.automakers', '.worktrees'].some((name) => isBoardOwnedRoot(name, 'tools/.worktrees/'))).toBe(false);
    expect(isBoardOwnedRoot('tools')).toBe(false);
  });

  it('are found in any spelling a case-insensitive file system (macOS, Windows) checks out at the same place', () => {
    const spellings = [
      '.Automaker/features/f/feature.json',
      '.AUTOMAKER/.features.lock',
      '.automa\u200cker/features/f/feature.json', // HFS+ ignores zero-width characters
      '.automaker./features/f/feature.json', // NTFS drops trailing dots and spaces
      '.automaker/Features /f/feature.json',
      '.WorkTrees/f/src/a.ts',
    ];
    expect(boardOwnedPaths(spellings.map(file), '.worktrees')).toEqual(spellings);
    expect(boardOwnedPaths([{ path: '.Automaker/context/link', mode: '120000' }])).toEqual(['.Automaker/context/link']);
    expect(boardOwnedPaths(['.automakers/features/x', 'src/.automaker/features/x'].map(file), '.worktrees')).toEqual([]);
  });
});
