import { describe, expect, it } from 'vitest';
import { loadConfig, requireToken } from './config.js';

describe('loadConfig', () => {
  it('applies defaults and parses the allowlist', () => {
    const config = loadConfig({ HOME: '/home/u', GITHUB_REPOSITORY_ALLOWLIST: 'Acme/One, acme/two' });
    expect(config).toEqual({
      apiUrl: 'https://api.github.com',
      allowlist: ['acme/one', 'acme/two'],
      allowElevated: false,
      auditLog: '/home/u/.local/state/protolabs-mcp/github-audit.jsonl',
    });
    expect(() => requireToken(config)).toThrow(/^GITHUB_TOKEN is not set/);
  });

  it.each([
    ['GITHUB_API_URL', 'http://api.example.com'],
    ['GITHUB_API_URL', 'https://user:pw@ghe.example.com/api/v3'],
    ['GITHUB_API_URL', 'not a url'],
    ['GITHUB_REPOSITORY', 'just-a-name'],
    ['GITHUB_REPOSITORY_ALLOWLIST', 'a/b,../../x'],
    ['GITHUB_ALLOW_ELEVATED', 'yes'],
  ])('names a malformed %s without echoing it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name} is malformed`));
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      expect((error as Error).message).not.toContain(value);
    }
  });

  it('allows plain http only on loopback, and strips a trailing slash', () => {
    expect(loadConfig({ GITHUB_API_URL: 'http://127.0.0.1:8080/api/v3/' }).apiUrl).toBe('http://127.0.0.1:8080/api/v3');
    expect(loadConfig({ GITHUB_API_URL: 'https://ghe.example.com/api/v3', GITHUB_ALLOW_ELEVATED: 'true' })).toMatchObject({
      allowElevated: true,
    });
  });
});
