/**
 * Issue 15: a claim whose worktree cannot be created leaves the app's feature.json exactly as it was, and context
 * files are served as text only when the apps read them as text.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UPSTREAM, appText, useAppBoard } from './fixtures/app-boards.js';
import { git } from './harness.js';

const app = useAppBoard();

describe('a claim the worktree step refuses', () => {
  it('puts the app’s file back byte-for-byte when the branch is checked out elsewhere', async () => {
    const feature = UPSTREAM.backlog!;
    const board = await app.open(UPSTREAM, undefined, { BOARD_BASE_BRANCH: 'main' });
    const repo = app.repo();
    git(repo, 'checkout', '-q', '-b', String(feature.branchName));
    const claimed = await board.call('feature_claim', { id: feature.id });
    expect(claimed.isError).toBe(true);
    expect(claimed.text).toMatch(/rolled back/);
    expect(readFileSync(join(repo, '.automaker', 'features', feature.id, 'feature.json'), 'utf8')).toBe(appText(feature));
    const got = await board.call('feature_get', { id: feature.id });
    expect(got.data.feature).toMatchObject({ status: 'backlog' });
  });
});

describe('context files', () => {
  it('serves .md and .txt as text; lists other files with their type and never serves them as text', async () => {
    const board = await app.open({});
    const context = join(app.repo(), '.automaker', 'context');
    mkdirSync(context, { recursive: true });
    writeFileSync(join(context, 'rules.md'), '# Rules\n');
    writeFileSync(join(context, 'notes.txt'), 'plain notes\n');
    writeFileSync(join(context, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
    const { resources } = await board.client.listResources();
    const types = Object.fromEntries(resources.filter((r) => r.uri.startsWith('board://context/')).map((r) => [r.name, r.mimeType]));
    expect(types).toEqual({ 'logo.png': 'image/png', 'notes.txt': 'text/plain', 'rules.md': 'text/markdown' });
    const notes = await board.client.readResource({ uri: 'board://context/notes.txt' });
    expect(notes.contents[0]).toMatchObject({ mimeType: 'text/plain', text: 'plain notes\n' });
    await expect(board.client.readResource({ uri: 'board://context/logo.png' })).rejects.toThrow(/image\/png, not text/);
  });
});
