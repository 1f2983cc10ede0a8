import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, git, startBoard, type TestBoard } from './harness.js';

// The model reads only each answer's text (shared/result.ts): these are the facts each board answer must carry there.
let board: TestBoard | undefined;
afterEach(async () => {
  await board?.close();
  board = undefined;
});

describe('what the model reads from the board', () => {
  it('carries ids, order, dependencies, the claim, the work place, evidence and the new status in the texts alone', async () => {
    const repo = createRepo();
    board = await startBoard(repo, { env: { BOARD_VERIFY_COMMAND: 'test -f done.txt' } });
    const b = board;
    const plain = await b.client.callTool({ name: 'board_view', arguments: {} });
    expect(Object.keys(plain).sort()).toEqual(['content']);

    const created = await b.call('feature_create', {
      features: [
        { title: 'Parse input', description: 'Read argv and validate it.', priority: 1 },
        { title: 'Print greeting', description: 'Say hello to the parsed name.', priority: 2, dependencies: ['Parse input'] },
      ],
    });
    const [first, second] = (created.data.features as Array<{ id: string }>).map((f) => f.id);
    expect(created.text).toMatch(new RegExp(`1\\. ${first} · P1 · Parse input\\n2\\. ${second} · P2 · Print greeting ← 1`));
    expect(created.text).toContain('backlog');

    const view = await b.call('board_view');
    expect(view.text).toContain('backlog 2 · in_progress 0');
    expect(view.text).toContain(`Ready (1): ${first} Parse input`);
    expect(view.text).toContain(`${second} Print greeting (1 open)`);

    const list = await b.call('feature_list');
    expect(list.text).toContain(`${first} · backlog · P1 · Parse input`);
    expect(list.text).toContain(`${second} · backlog · P2 · Print greeting [waits on 1]`);

    const claim = await b.call('feature_claim', { agent: 'ada' });
    const worktree = (claim.data.feature as { worktree: string }).worktree;
    expect(claim.text).toContain(first);
    expect(claim.text).toContain(worktree);
    expect(claim.text).toMatch(/branch feature\/parse-input-/);
    expect(claim.text).toMatch(/lease until \d{4}-/);
    expect(claim.text).toContain('Read argv and validate it.');

    const got = await b.call('feature_get', { id: first });
    expect(got.text).toMatch(new RegExp(`^${first} · in_progress · P1`));
    expect(got.text).toContain('title: Parse input');
    expect(got.text).toContain('claimed by ada until');
    expect(got.text).toContain(`worktree ${worktree}`);
    expect(got.text).toContain(`dependents: ${second} (backlog) Print greeting`);
    expect(got.text).toMatch(/history: backlog .* → in_progress .* by ada \(claimed\)/);
    expect(got.text).toContain('description:\nRead argv and validate it.');

    writeFileSync(join(worktree, 'done.txt'), 'yes\n');
    git(worktree, 'add', '.');
    git(worktree, 'commit', '-q', '-m', 'Parse input');
    const head = git(worktree, 'rev-parse', 'HEAD');
    const verified = await b.call('feature_verify', { id: first });
    expect(verified.text).toMatch(/^PASSED: test -f done\.txt/);
    expect(verified.text).toContain(head.slice(0, 12));
    const evidence = await b.call('feature_get', { id: first });
    expect(evidence.text).toContain(`verification: PASSED \`test -f done.txt\` (exit 0) on ${head.slice(0, 12)}`);

    const released = await b.call('feature_release', { id: first, status: 'review', note: 'PR #1 open' });
    expect(released.text).toContain(`${first} · review · P1 · Parse input`);
  });

  it('keeps multi-line text from the disk from forging control sequences', async () => {
    board = await startBoard(createRepo());
    const created = await board.call('feature_create', { features: [{ title: 'Bell', description: 'line one\u001b[2J\nline two\u0007' }] });
    const id = (created.data.features as Array<{ id: string }>)[0]?.id as string;
    const got = await board.call('feature_get', { id });
    expect(got.text).toContain('line one\uFFFD[2J\nline two\uFFFD');
    expect(got.text).not.toMatch(/[\u0007\u001b]/);
  });
});
