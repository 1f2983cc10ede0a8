import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGitRepo } from '../../testing/git-repo.js';
import { parseRepo, repoFromRemoteUrl, resolveRepo } from './repo.js';

describe('parseRepo', () => {
  it.each(['octo/hello', 'a/b', 'my-org/repo.name_1', 'O1/.github'])('accepts %s', (value) => {
    expect(parseRepo(value)).toBeDefined();
  });
  it.each([
    '',
    'octo',
    'octo/',
    '/repo',
    'a/b/c',
    '-octo/repo',
    'octo-/repo',
    'oc--to/repo',
    'octo/..',
    'octo/.',
    'octo/re po',
    'octo/repo.git',
    '../../etc',
    'octo/repo?x',
    `${'a'.repeat(40)}/r`,
  ])('refuses %j', (value) => {
    expect(parseRepo(value)).toBeUndefined();
  });
});

describe('repoFromRemoteUrl', () => {
  it.each([
    ['https://github.com/octo/hello.git', 'octo/hello'],
    ['https://github.com/octo/hello', 'octo/hello'],
    ['https://ghe.example.com/octo/hello.git/', 'octo/hello'],
    ['git@github.com:octo/hello.git', 'octo/hello'],
    ['ssh://git@github.com/octo/hello.git', 'octo/hello'],
    ['ssh://git@github.com:22/octo/hello', 'octo/hello'],
  ])('reads %s', (url, expected) => {
    const ref = repoFromRemoteUrl(url);
    expect(ref && `${ref.owner}/${ref.repo}`).toBe(expected);
  });
  it.each(['/srv/git/repo.git', 'file:///srv/repo.git', 'https://github.com/octo', 'https://github.com/a/b/c', 'not a url'])(
    'refuses %s',
    (url) => {
      expect(repoFromRemoteUrl(url)).toBeUndefined();
    },
  );
});

describe('resolveRepo', () => {
  const settings = { repository: 'octo/main', allowlist: ['octo/other'], cwd: tmpdir() };

  it('defaults to GITHUB_REPOSITORY and allows only it or allowlisted repositories', async () => {
    expect(await resolveRepo(settings)).toEqual({ owner: 'octo', repo: 'main' });
    expect(await resolveRepo(settings, 'OCTO/Main')).toEqual({ owner: 'OCTO', repo: 'Main' });
    expect(await resolveRepo(settings, 'Octo/Other')).toEqual({ owner: 'Octo', repo: 'Other' });
    await expect(resolveRepo(settings, 'evil/repo')).rejects.toThrow(/GITHUB_REPOSITORY_ALLOWLIST/);
    await expect(resolveRepo(settings, 'evil')).rejects.toThrow(/owner\/name/);
  });

  it('falls back to the origin remote of the working directory', async () => {
    const repo = createGitRepo({ prefix: 'gh-origin-', files: {} });
    repo.git('remote', 'add', 'origin', 'git@github.com:acme/widgets.git');
    expect(await resolveRepo({ allowlist: [], cwd: repo.dir })).toEqual({ owner: 'acme', repo: 'widgets' });
    repo.cleanup();
  });

  it('names GITHUB_REPOSITORY when there is neither a setting nor a GitHub origin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-none-'));
    await expect(resolveRepo({ allowlist: [], cwd: dir })).rejects.toThrow(/set GITHUB_REPOSITORY=owner\/name/);
    // an explicitly allowlisted repo still works without a default
    expect(await resolveRepo({ allowlist: ['a/b'], cwd: dir }, 'a/b')).toEqual({ owner: 'a', repo: 'b' });
  });
});
