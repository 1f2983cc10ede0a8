import { describe, expect, it } from 'vitest';
import { cleanAfterEach } from '../../../testing/clean-after-each.js';
import { makeRepo, type TestRepo } from '../git/test-repo.js';
import { isFreshEvidence, verifyWorktree } from './evidence.js';

const track = cleanAfterEach<TestRepo>();
const repo = (): TestRepo => track(makeRepo());

const at = () => new Date('2026-01-02T03:04:05.000Z');

describe('verifyWorktree', () => {
  it('records passing evidence for the current head of a clean worktree', async () => {
    const r = repo();
    const head = r.git(['rev-parse', 'HEAD']).trim();
    const evidence = await verifyWorktree({ command: 'test -f README.md && echo checked', cwd: r.root, timeoutMs: 20_000, now: at });
    expect(evidence).toMatchObject({
      command: 'test -f README.md && echo checked',
      exitCode: 0,
      passed: true,
      headSha: head,
      ranAt: '2026-01-02T03:04:05.000Z',
      timedOut: false,
      clean: true,
    });
    expect(evidence.output).toContain('checked');
    expect(isFreshEvidence(evidence, head)).toBe(true);
  });

  it('writes protoMaker’s evidence keys (command, passed, ranAt, durationMs, output) and none of the old duplicates', async () => {
    const r = repo();
    const evidence = await verifyWorktree({ command: 'true', cwd: r.root, timeoutMs: 20_000, now: at });
    // protoMaker's type (libs/types/src/feature.ts:481-488): what we write must be assignable to it.
    const asProtoMakers: { command: string; passed: boolean; ranAt: string; durationMs?: number; output?: string } = evidence;
    expect(typeof asProtoMakers.ranAt).toBe('string');
    expect(Object.keys(evidence)).toEqual(expect.arrayContaining(['command', 'passed', 'ranAt', 'durationMs', 'output']));
    expect(evidence).not.toHaveProperty('at');
    expect(evidence).not.toHaveProperty('outputTail');
  });

  it('never counts protoMaker’s evidence, which names no commit, as fresh', () => {
    const protoMakers = { command: 'npm test', passed: true, ranAt: '2026-01-02T03:04:05.000Z' };
    expect(isFreshEvidence(protoMakers, 'abc')).toBe(false);
  });

  it('records failing evidence that never counts as fresh', async () => {
    const r = repo();
    const head = r.git(['rev-parse', 'HEAD']).trim();
    const evidence = await verifyWorktree({ command: 'exit 1', cwd: r.root, timeoutMs: 20_000 });
    expect(evidence).toMatchObject({ passed: false, exitCode: 1 });
    expect(isFreshEvidence(evidence, head)).toBe(false);
  });

  it('goes stale after a new commit', async () => {
    const r = repo();
    const evidence = await verifyWorktree({ command: 'true', cwd: r.root, timeoutMs: 20_000 });
    const newHead = r.commit({ 'later.txt': 'later\n' }, 'later');
    expect(isFreshEvidence(evidence, evidence.headSha)).toBe(true);
    expect(isFreshEvidence(evidence, newHead)).toBe(false);
  });

  it('is not fresh when the worktree had uncommitted changes or the head moved during the run', async () => {
    const r = repo();
    r.write('src/a.txt', 'uncommitted\n');
    const dirty = await verifyWorktree({ command: 'true', cwd: r.root, timeoutMs: 20_000 });
    expect(dirty).toMatchObject({ passed: true, clean: false });
    expect(isFreshEvidence(dirty, dirty.headSha)).toBe(false);

    const r2 = repo();
    const moving = await verifyWorktree({
      command: 'echo x > moved.txt && git add moved.txt && git -c user.name=t -c user.email=t@t.invalid commit -q -m moved',
      cwd: r2.root,
      timeoutMs: 20_000,
    });
    expect(moving).toMatchObject({ passed: true, clean: false });
    expect(isFreshEvidence(moving, moving.headSha)).toBe(false);
  });

  it('is never fresh without evidence', () => {
    expect(isFreshEvidence(undefined, 'abc')).toBe(false);
  });
});
