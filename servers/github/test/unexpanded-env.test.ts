import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubFake } from '../../../testing/github-fake/index.js';
import { spawnServer } from '../../../testing/mcp-client.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('GITHUB_TOKEN left as the unexpanded ${GITHUB_TOKEN}', () => {
  it('is reported as not set, naming the variable, and never reaches GitHub', async () => {
    h = await startHarness({ env: { GITHUB_TOKEN: '${GITHUB_TOKEN}', GITHUB_REPOSITORY: '${GITHUB_REPOSITORY:-}' } });
    const pull = h.fake.addPull({ head: 'feature/x', title: 'x' });
    const result = await h.call('pr_status', { number: pull.number, repo: `${h.fake.state.owner}/${h.fake.state.name}` });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('GITHUB_TOKEN is the unexpanded text ${GITHUB_TOKEN}: set it in the environment Claude Code starts from');
    expect(h.fake.requests).toHaveLength(0);
  });
});

describe('the built bin with GITHUB_TOKEN left as ${GITHUB_TOKEN}', () => {
  it('names the variable in the tool result (not scrubbed as a secret) and warns once on stderr, sending nothing', async () => {
    const fake = await startGitHubFake();
    const scratch = mkdtempSync(join(tmpdir(), 'gh-unexpanded-'));
    const server = await spawnServer(
      'github.js',
      [],
      {
        GITHUB_TOKEN: '${GITHUB_TOKEN}',
        GITHUB_API_URL: fake.url,
        GITHUB_REPOSITORY: 'protolabs/demo',
        GITHUB_AUDIT_LOG: '${GITHUB_AUDIT_LOG}',
        LOG_FILE: '${LOG_FILE}',
        LOG_LEVEL: '${LOG_LEVEL:-}',
        PROTOLABS_STATE_DIR: scratch,
      },
      scratch,
    );
    try {
      const result = await server.call('pr_status', { number: 1 });
      expect(result.text).toContain('GITHUB_TOKEN is the unexpanded text ${GITHUB_TOKEN}');
      expect(server.stderr()).toContain('GITHUB_AUDIT_LOG is the unexpanded text ${GITHUB_AUDIT_LOG}');
      expect(server.stderr()).toContain('LOG_FILE is the unexpanded text ${LOG_FILE}');
      expect(readdirSync(scratch)).not.toContain('${LOG_FILE}');
      expect(fake.requests).toHaveLength(0);
    } finally {
      await server.close();
      await fake.close();
    }
  });
});
