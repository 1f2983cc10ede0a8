/**
 * Issue 15, the tools that write a feature's worktree fields or other features: on each app's board (fixtures shaped
 * as the app writes them) they change only the fields they own, the rest of the file byte-for-byte.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AppFeature, PROTOMAKER, UPSTREAM, useAppBoard } from './fixtures/app-boards.js';

const app = useAppBoard();

/** The file as text without the fields a tool owns, in the file's own key order. */
function withoutFields(text: string, owned: string[]): string {
  const value = JSON.parse(text) as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(Object.entries(value).filter(([key]) => !owned.includes(key))), null, 2);
}
const fileOf = (id: string) => readFileSync(join(app.repo(), '.automaker', 'features', id, 'feature.json'), 'utf8');

describe.each([
  ['upstream', UPSTREAM.pending as AppFeature],
  ['protoMaker', PROTOMAKER.backlog as AppFeature],
])('on a board written by %s', (_name, feature) => {
  it('worktree_create and worktree_remove change only branchName, worktreePath and updatedAt', async () => {
    const b = await app.open({ feature });
    const before = fileOf(feature.id);
    const owned = ['branchName', 'worktreePath', 'updatedAt'];
    const made = await b.call('worktree_create', { feature: feature.id });
    expect(made.isError, made.text).toBe(false);
    expect(withoutFields(fileOf(feature.id), owned)).toBe(withoutFields(before, owned));
    const removed = await b.call('worktree_remove', { feature: feature.id });
    expect(removed.isError, removed.text).toBe(false);
    expect(withoutFields(fileOf(feature.id), owned)).toBe(withoutFields(before, owned));
    if (feature.branchName) expect(JSON.parse(fileOf(feature.id)).branchName).toBe(feature.branchName);
  });
});

describe('on a board written by upstream', () => {
  it('feature_delete with force changes a dependent only in its dependencies (and updatedAt)', async () => {
    const { verified, dependent } = UPSTREAM as Record<string, AppFeature>;
    const b = await app.open({ verified: verified as AppFeature, dependent: dependent as AppFeature });
    const before = fileOf((dependent as AppFeature).id);
    const deleted = await b.call('feature_delete', { id: (verified as AppFeature).id, force: true });
    expect(deleted.isError, deleted.text).toBe(false);
    const after = fileOf((dependent as AppFeature).id);
    expect(withoutFields(after, ['dependencies', 'updatedAt'])).toBe(withoutFields(before, ['dependencies', 'updatedAt']));
    expect(JSON.parse(after).dependencies).toEqual([]);
  });
});
