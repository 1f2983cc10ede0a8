/**
 * Issue 14, item 6: no file on disk can make an answer larger than a few hundred KB — a huge feature.json, a log
 * with one multi-megabyte line — and every cut says where the rest is.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSandbox, type Sandbox } from './stdio-board.js';

const ANSWER_CAP = 300 * 1024;
const MB = 1024 * 1024;

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.cleanup();
  sandbox = undefined;
});

describe('answers are bounded whatever is on disk', () => {
  it('item 6: feature_get, the feature resource, the implement_feature prompt and feature_claim stay under 300 KB for a 6 MB feature.json and a 5 MB log line', async () => {
    sandbox = makeSandbox();
    const id = 'feature-1765000000000-huge00000';
    sandbox.plantFeature(id, {
      title: 'Huge',
      description: 'd'.repeat(3 * MB),
      junk: 'j'.repeat(3 * MB),
      dependencies: [],
      statusHistory: [{ from: null, to: 'backlog', timestamp: '2026-01-01T00:00:00Z', reason: 'r'.repeat(MB) }],
    });
    mkdirSync(join(sandbox.repo, '.automaker', 'features', id), { recursive: true });
    writeFileSync(join(sandbox.repo, '.automaker', 'features', id, 'agent-output.md'), `first line\n${'x'.repeat(5 * MB)}\nlast line\n`);
    const board = await sandbox.board();

    const got = await board.call('feature_get', { id });
    expect(got.isError, got.text.slice(0, 300)).toBe(false);
    expect(JSON.stringify(got.raw).length).toBeLessThan(ANSWER_CAP);
    const feature = got.data.feature as Record<string, unknown>;
    expect(feature.description).toMatch(/\[cut: \d+ more characters; the whole text is in \.automaker\/features\/.*feature\.json\]$/);
    expect(feature.omittedFields).toMatchObject({ names: ['junk'] });
    expect(feature.logTail).toContain('last line');
    expect(feature.logCut).toMatch(/agent-output\.md/);

    const resource = await board.client.readResource({ uri: `board://features/${id}` });
    expect(JSON.stringify(resource).length).toBeLessThan(ANSWER_CAP);

    const prompt = await board.client.getPrompt({ name: 'implement_feature', arguments: { id } });
    expect(JSON.stringify(prompt).length).toBeLessThan(ANSWER_CAP);

    const claimed = await board.call('feature_claim', { id, worktree: false });
    expect(claimed.isError, claimed.text.slice(0, 300)).toBe(false);
    expect(JSON.stringify(claimed.raw).length).toBeLessThan(ANSWER_CAP);
  });

  it('item 6: feature_list stays under 300 KB with a feature of 20,000 dependencies and 300 unreadable folders', async () => {
    sandbox = makeSandbox();
    const dependencies = Array.from({ length: 20_000 }, (_, i) => `feature-${String(i).padStart(13, '0')}-${'m'.repeat(80)}`);
    sandbox.plantFeature('feature-1765000000000-deps00000', { title: 'Many dependencies', dependencies });
    for (let i = 0; i < 300; i++)
      mkdirSync(join(sandbox.repo, '.automaker', 'features', `feature-${i}-${'c'.repeat(100)}`), { recursive: true });
    for (let i = 0; i < 300; i++)
      writeFileSync(join(sandbox.repo, '.automaker', 'features', `feature-${i}-${'c'.repeat(100)}`, 'feature.json'), '{');
    const board = await sandbox.board();
    const listed = await board.call('feature_list', {});
    expect(listed.isError, listed.text.slice(0, 300)).toBe(false);
    expect(JSON.stringify(listed.raw).length).toBeLessThan(ANSWER_CAP);
    expect(listed.data).toMatchObject({ total: 1, corruptTotal: 300 });
    expect(listed.text).toMatch(/waits on 20000/);
  });
});
