import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, startBoard, type TestBoard } from '../test/harness.js';
import { getFeatureForPr, linkPullRequest, recordPullRequestMerge } from './pr-link.js';

let board: TestBoard | undefined;
afterEach(async () => board?.close());

describe('pr-link', () => {
  it('reads a feature and records its pull request on the board', async () => {
    const repo = createRepo();
    board = await startBoard(repo);
    const created = await board.call('feature_create', { features: [{ title: 'Login' }] });
    const id = (created.data.features as Array<{ id: string }>)[0]!.id;
    expect(await getFeatureForPr({ cwd: repo, featureId: id })).toEqual({ id, title: 'Login' });
    await linkPullRequest({ cwd: repo, featureId: id, prNumber: 7, prUrl: 'https://github.com/o/r/pull/7' });
    const stored = JSON.parse(readFileSync(join(repo, '.automaker', 'features', id, 'feature.json'), 'utf8'));
    expect(stored).toMatchObject({ prNumber: 7, prUrl: 'https://github.com/o/r/pull/7', title: 'Login' });
    await expect(getFeatureForPr({ cwd: repo, featureId: '../x' })).rejects.toThrow(/not a feature id/);
    await expect(linkPullRequest({ cwd: repo, featureId: 'feature-1-none', prNumber: 1, prUrl: 'u' })).rejects.toThrow(/No feature/);
  });

  it('records a merge on the feature linked to that very PR: same repository and number, never a namesake', async () => {
    const repo = createRepo();
    board = await startBoard(repo);
    const created = await board.call('feature_create', { features: [{ title: 'Login' }] });
    const login = (created.data.features as Array<{ id: string }>)[0]!.id;
    await linkPullRequest({ cwd: repo, featureId: login, prNumber: 7, prUrl: 'https://github.com/o/r/pull/7' });
    const merge = { cwd: repo, mergeCommit: 'a'.repeat(40), mergedAt: '2026-12-02T10:00:00Z' };
    // PR 7 of another repository the server may act on: not this feature's
    expect(await recordPullRequestMerge({ ...merge, prNumber: 7, prUrl: 'https://github.com/o/other/pull/7' })).toBeUndefined();
    // the linked PR, however the URL is cased
    expect(await recordPullRequestMerge({ ...merge, prNumber: 7, prUrl: 'https://github.com/O/R/pull/7' })).toBe(login);
    const stored = JSON.parse(readFileSync(join(repo, '.automaker', 'features', login, 'feature.json'), 'utf8'));
    expect(stored).toMatchObject({ prState: 'merged', prMergeCommit: 'a'.repeat(40) });
    // a feature with a PR number but no URL, written by hand (as the app or a person may)
    const legacy = 'feature-1-legacy';
    mkdirSync(join(repo, '.automaker', 'features', legacy));
    writeFileSync(
      join(repo, '.automaker', 'features', legacy, 'feature.json'),
      JSON.stringify({ id: legacy, title: 'Legacy', status: 'in_progress', prNumber: 9 }),
    );
    const other = { ...merge, prNumber: 9, prUrl: 'https://github.com/o/other/pull/9' };
    expect(await recordPullRequestMerge({ ...other, defaultRepository: false })).toBeUndefined();
    expect(await recordPullRequestMerge({ ...other, prUrl: 'https://github.com/o/r/pull/9', defaultRepository: true })).toBe(legacy);
  });
});
