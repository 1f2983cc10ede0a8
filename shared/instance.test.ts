import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGitRepo } from '../testing/git-repo.js';
import { instanceName } from './instance.js';

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('instanceName', () => {
  it('is PROTOLABS_INSTANCE when set, made one safe token', () => {
    expect(instanceName({ PROTOLABS_INSTANCE: ' ada-laptop ' })).toBe('ada-laptop');
    expect(instanceName({ PROTOLABS_INSTANCE: 'x\n## <!-- y -->' })).toBe('x-y');
    expect(instanceName({ PROTOLABS_INSTANCE: 'a'.repeat(100) })).toHaveLength(64);
  });

  it('is the repository name from the checkout, a subfolder and a linked worktree alike', () => {
    const made = createGitRepo({ prefix: 'instance-', name: 'greeter', files: { 'src/a.ts': '' } });
    dir = made.root;
    const repo = made.dir;
    made.git('worktree', 'add', '-q', '-b', 'f', join(dir, 'wt-feature'));
    expect(instanceName({}, repo)).toBe('greeter');
    expect(instanceName({}, join(repo, 'src'))).toBe('greeter');
    expect(instanceName({}, join(dir, 'wt-feature'))).toBe('greeter');
  });

  it('ignores an unexpanded ${…} and falls back to the folder name outside git', () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'instance-')));
    const plain = join(dir, 'plain folder');
    mkdirSync(plain);
    expect(instanceName({ PROTOLABS_INSTANCE: '${PROTOLABS_INSTANCE}' }, plain)).toBe('plain-folder');
  });
});
