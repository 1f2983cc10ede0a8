import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, startBoard, type TestBoard } from '../test/harness.js';
import { getFeatureForPr, linkPullRequest } from './pr-link.js';

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
});
