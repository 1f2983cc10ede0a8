import { describe, expect, it } from 'vitest';
import { gitAuthEnv } from './git.js';

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

  it.each(['git@github.com:octo/repo.git', 'ssh://git@github.com/octo/repo.git', '/srv/git/repo.git', 'http://example.com/repo.git'])('adds nothing for %s', (url) => {
    expect(gitAuthEnv(url, token)).toEqual({});
  });
});
