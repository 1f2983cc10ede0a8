import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanAfterEach } from './clean-after-each.js';
import { createGitRepo, type GitRepo, git } from './git-repo.js';

const track = cleanAfterEach<GitRepo>();
const repo = (...args: Parameters<typeof createGitRepo>) => track(createGitRepo(...args));

describe('createGitRepo', () => {
  it('makes a repository on main with one commit by the test identity', () => {
    const r = repo();
    expect(r.git('branch', '--show-current')).toBe('main');
    expect(r.git('log', '--format=%an <%ae>|%s')).toBe('Test <test@example.com>|initial');
    expect(r.git('ls-files')).toBe('README.md');
  });

  it('commits files in new folders, and files a .gitignore keeps out, returning the commit id', () => {
    const r = repo({ files: { '.gitignore': '.automaker/\n' } });
    const id = r.commit({ 'src/a/b.txt': 'b\n', '.automaker/features/x/feature.json': '{}\n' }, 'add');
    expect(id).toBe(r.git('rev-parse', 'HEAD'));
    expect(r.git('ls-files').split('\n').sort()).toEqual(['.automaker/features/x/feature.json', '.gitignore', 'src/a/b.txt']);
  });

  it('makes a repository with no commit when asked for no files', () => {
    const r = repo({ files: {} });
    expect(() => r.git('rev-parse', '--verify', '-q', 'HEAD')).toThrow();
  });

  it('pushes main to a bare origin kept outside the work tree', () => {
    const r = repo({ remote: true });
    expect(r.remote && git(r.root, '--git-dir', r.remote, 'rev-parse', 'main')).toBe(r.git('rev-parse', 'HEAD'));
    expect(r.dir).toBe(join(r.root, 'work'));
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('commits with the identity it is given, and ignores a GIT_DIR aimed at another repository (a git hook running tests)', () => {
    const other = repo();
    const saved = process.env.GIT_DIR;
    process.env.GIT_DIR = join(other.dir, '.git');
    try {
      const r = repo({
        identity: {
          GIT_AUTHOR_NAME: 'Demo',
          GIT_AUTHOR_EMAIL: 'demo@x.invalid',
          GIT_COMMITTER_NAME: 'Demo',
          GIT_COMMITTER_EMAIL: 'demo@x.invalid',
        },
      });
      expect(r.git('log', '--format=%an')).toBe('Demo');
      expect(other.git('--git-dir', join(other.dir, '.git'), 'rev-list', '--count', 'HEAD')).toBe('1');
    } finally {
      if (saved === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved;
    }
  });

  it('removes everything it made on cleanup', () => {
    const r = createGitRepo({ remote: true });
    r.cleanup();
    expect(existsSync(r.root)).toBe(false);
  });
});
