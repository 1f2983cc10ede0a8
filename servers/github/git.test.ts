import { describe, expect, it } from 'vitest';
import { classifyRemote, gitAuthEnv } from './git.js';
import { githubWebOrigin } from './config.js';

describe('gitAuthEnv', () => {
  const token = 'ghp_secretValue1234567890';

  it('passes https credentials as an env-only extra header scoped to the remote’s origin', () => {
    const env = gitAuthEnv('https://github.com/octo/repo.git', token);
    expect(env).toEqual({
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.https://github.com/.extraHeader',
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`,
    });
    expect(JSON.stringify(env)).not.toContain(token);
  });

  it.each(['git@github.com:octo/repo.git', 'ssh://git@github.com/octo/repo.git', '/srv/git/repo.git', 'http://example.com/repo.git'])(
    'adds nothing for %s',
    (url) => {
      expect(gitAuthEnv(url, token)).toEqual({});
    },
  );
});

describe('classifyRemote', () => {
  const github = githubWebOrigin('https://api.github.com');
  it.each([
    ['https://github.com/octo/repo.git', { kind: 'github', https: true }],
    ['git@github.com:octo/repo.git', { kind: 'github', https: false }],
    ['ssh://git@github.com/octo/repo.git', { kind: 'github', https: false }],
    ['/srv/git/repo.git', { kind: 'local' }],
    ['file:///srv/git/repo.git', { kind: 'local' }],
    ['https://evil.example/octo/repo.git', { kind: 'other', host: 'evil.example' }],
    ['https://github.com.evil.example/octo/repo.git', { kind: 'other', host: 'github.com.evil.example' }],
    ['http://github.com/octo/repo.git', { kind: 'other', host: 'github.com' }],
    ['git@evil.example:octo/repo.git', { kind: 'other', host: 'evil.example' }],
  ])('%s', (url, expected) => {
    expect(classifyRemote(url, github)).toEqual(expected);
  });

  it('derives the web host from GITHUB_API_URL', () => {
    expect(githubWebOrigin('https://api.github.com').origin).toBe('https://github.com');
    expect(githubWebOrigin('https://api.acme.ghe.com').origin).toBe('https://acme.ghe.com');
    expect(githubWebOrigin('https://ghe.example.com/api/v3').origin).toBe('https://ghe.example.com');
  });
});
