import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ForbiddenError, InputError } from '../../../shared/errors.js';
import { assertInside, assertSafeBranchName, assertSlug, featureBranch, featureSlug, worktreeFolderName } from './sanitize.js';

const HOSTILE = [
  '../../x',
  '-x',
  '--upload-pack=touch /tmp/p',
  'a..b',
  'x.lock',
  'a\nb',
  'ｆｅａｔ',
  'fеаt', // Cyrillic е and а
  'x'.repeat(300),
  '',
  '!!!...///---',
  '.hidden',
  'a/b/../../c',
  'tab\there',
  'nul\0byte',
  '@{-1}',
  'HEAD',
  'emoji 🚀 rocket',
  'ends.',
  'back\\slash',
  'ti~lde^caret:colon?star*[',
  'ЖЖЖ',
  '\u202Eevil\u202C',
];

function gitAccepts(name: string): boolean {
  try {
    execFileSync('git', ['check-ref-format', '--branch', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('featureSlug', () => {
  const id = 'feature-1779776805064-k3j9x2a1b';

  it('slugifies the title and appends the random part of a canonical id', () => {
    expect(featureSlug(id, 'Add OAuth login!')).toBe('add-oauth-login-k3j9x2a1b');
    expect(featureBranch(featureSlug(id, 'Add OAuth login!'))).toBe('feature/add-oauth-login-k3j9x2a1b');
  });

  it('is deterministic and distinguishes ids whose sanitised forms look alike', () => {
    expect(featureSlug(id, 'x')).toBe(featureSlug(id, 'x'));
    expect(featureSlug('Ab-1', 't')).not.toBe(featureSlug('ab-1', 't'));
    expect(featureSlug('../a', 't')).not.toBe(featureSlug('..a', 't'));
  });

  it('folds compatibility forms to ASCII and drops marks and look-alikes', () => {
    expect(featureSlug(id, 'ｆｅａｔ')).toBe('feat-k3j9x2a1b');
    expect(featureSlug(id, 'Crème brûlée')).toBe('creme-brulee-k3j9x2a1b');
    expect(featureSlug(id, 'fеаt')).toBe('f-t-k3j9x2a1b');
    expect(featureSlug(id, 'ЖЖЖ')).toBe('k3j9x2a1b');
  });

  it('keeps the title part within 40 characters and the slug within 64', () => {
    const slug = featureSlug(id, 'word '.repeat(100));
    expect(slug.length).toBeLessThanOrEqual(64);
    expect(slug.replace(/-k3j9x2a1b$/, '').length).toBeLessThanOrEqual(40);
    expect(featureSlug('y'.repeat(300), 'z'.repeat(300)).length).toBeLessThanOrEqual(64);
  });

  it('refuses an empty id', () => {
    expect(() => featureSlug('', 'title')).toThrow(InputError);
  });

  it.each(HOSTILE.filter(Boolean))('turns hostile id and title %j into a safe path segment and branch', (input) => {
    for (const slug of [featureSlug(input, input), featureSlug(id, input), featureSlug(input, '')]) {
      expect(slug).toMatch(/^[a-z0-9][a-z0-9-]*[a-z0-9]$|^[a-z0-9]$/);
      expect(slug.length).toBeLessThanOrEqual(64);
      expect(slug).not.toContain('..');
      expect(slug.endsWith('.lock')).toBe(false);
      expect(() => assertSafeBranchName(featureBranch(slug))).not.toThrow();
      expect(gitAccepts(featureBranch(slug))).toBe(true);
    }
  });
});

describe('worktreeFolderName', () => {
  it('turns every character outside [a-zA-Z0-9_-] into a dash, as both Automaker apps do', () => {
    expect(worktreeFolderName('feature/add-login')).toBe('feature-add-login');
    expect(worktreeFolderName('fix/Crash_2.0')).toBe('fix-Crash_2-0');
    expect(worktreeFolderName('docs/a/b')).toBe('docs-a-b');
  });

  it.each(['', '../x', '-x', 'a..b', 'x.lock', 'a b'])('refuses the invalid branch %j', (branch) => {
    expect(() => worktreeFolderName(branch)).toThrow(InputError);
  });
});

describe('assertSlug', () => {
  it.each(['', '-a', 'a-', 'A', 'a--b', 'a.b', 'a/b', '..', 'x'.repeat(65), 'a b'])('refuses %j', (slug) => {
    expect(() => assertSlug(slug)).toThrow(InputError);
  });
});

describe('assertSafeBranchName', () => {
  it.each(['main', 'master', 'feature/x-1', 'release/2.0', 'dev_branch', 'ünïcode'])('accepts %j like git does', (name) => {
    expect(() => assertSafeBranchName(name)).not.toThrow();
    expect(gitAccepts(name)).toBe(true);
  });

  const refused = [
    ...HOSTILE.filter((h) => !['ｆｅａｔ', 'fеаt', 'ЖЖЖ', 'emoji 🚀 rocket'].includes(h)),
    'a/.b',
    'a/b.lock/c',
    'a//b',
    '/a',
    'a/',
    'a@{b',
    '@',
  ];
  it.each(refused)('refuses %j', (name) => {
    expect(() => assertSafeBranchName(name)).toThrow(InputError);
  });

  it('refuses everything git check-ref-format --branch refuses (and more)', () => {
    const candidates = [...HOSTILE, ...refused, 'a b', 'a\x7fb', 'x/y.', 'foo.lock/bar', 'a:b', 'a?', 'a*', 'a[b', 'a^b', 'a~b'];
    for (const name of candidates) {
      if (name.includes('\0')) continue; // cannot be passed as an argument at all
      if (!gitAccepts(name)) expect(() => assertSafeBranchName(name), name).toThrow(InputError);
    }
  });
});

describe('assertInside', () => {
  const sandbox = realpathSync(mkdtempSync(join(tmpdir(), 'board-inside-')));
  const root = join(sandbox, 'root');
  const outside = join(sandbox, 'outside');
  mkdirSync(join(root, 'sub'), { recursive: true });
  mkdirSync(outside);
  symlinkSync(outside, join(root, 'escape'));
  symlinkSync(join(sandbox, 'nowhere'), join(root, 'dangling'));
  afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

  it('accepts the root, existing and not-yet-existing paths inside it', () => {
    expect(() => assertInside(root, root)).not.toThrow();
    expect(() => assertInside(root, join(root, 'sub'))).not.toThrow();
    expect(() => assertInside(root, join(root, 'new', 'deeper'))).not.toThrow();
    expect(() => assertInside(root, join(root, '..foo'))).not.toThrow();
  });

  it('refuses paths outside, by .. or by an absolute path', () => {
    expect(() => assertInside(root, join(root, '..', 'outside'))).toThrow(ForbiddenError);
    expect(() => assertInside(root, '/etc')).toThrow(ForbiddenError);
    expect(() => assertInside(root, '../../x')).toThrow(ForbiddenError);
  });

  it('refuses a symlink that escapes the root, also for paths below it that do not exist yet', () => {
    expect(() => assertInside(root, join(root, 'escape'))).toThrow(ForbiddenError);
    expect(() => assertInside(root, join(root, 'escape', 'new'))).toThrow(ForbiddenError);
    expect(() => assertInside(root, join(root, 'dangling', 'new'))).toThrow(ForbiddenError);
  });

  it('accepts a root given through a symlink', () => {
    const alias = join(sandbox, 'alias');
    symlinkSync(root, alias);
    expect(() => assertInside(alias, join(root, 'sub'))).not.toThrow();
    expect(() => assertInside(alias, join(alias, 'escape'))).toThrow(ForbiddenError);
  });
});
