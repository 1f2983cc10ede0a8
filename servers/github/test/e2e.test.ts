import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubFake, type GitHubFake } from '../../../testing/github-fake/index.js';
import { PROJECT_ROOT, spawnServer, type SpawnedServer } from '../../../testing/mcp-client.js';
import { listedNames, snapshotToolNames } from '../../../testing/tool-snapshot.js';
import { tools as githubTools } from '../tools/index.js';

const BASIC = snapshotToolNames('github', (name) => githubTools.some((t) => t.name === name && t.tier === 'basic'));

let server: SpawnedServer | undefined;
let fake: GitHubFake | undefined;
afterEach(async () => {
  await server?.close();
  await fake?.close();
  server = undefined;
  fake = undefined;
});

const scratch = () => mkdtempSync(join(tmpdir(), 'gh-e2e-'));

describe('protolabs-github bin over stdio', () => {
  it('answers initialize and tools/list without touching GitHub, then a real pr_status call', async () => {
    fake = await startGitHubFake();
    const pr = fake.addPull({ head: 'feature/e2e' });
    fake.addCheckRun({ sha: pr.headSha, name: 'test', conclusion: 'failure', required: true });
    server = await spawnServer(
      'github.js',
      [],
      {
        GITHUB_TOKEN: fake.token,
        GITHUB_API_URL: fake.url,
        GITHUB_REPOSITORY: 'protolabs/demo',
        PROTOLABS_STATE_DIR: scratch(),
      },
      scratch(),
    );
    expect(server.client.getServerVersion()?.name).toBe('protolabs-github');
    const { tools } = await server.client.listTools();
    expect(listedNames(tools)).toEqual(BASIC);
    expect(fake.requests).toHaveLength(0);
    const status = await server.call('pr_status', { number: pr.number });
    expect(status.isError, status.text).toBe(false);
    expect(status.text).toContain('failing: untrusted "test" (required)');
    expect(server.stderr()).toMatch(/"msg":"ready"/);
    expect(server.stderr()).not.toContain(fake.token);
  });

  it('lists its tools when Octokit cannot even be loaded (it is imported on the first call only)', async () => {
    // A copy of the bundle beside a node_modules that has everything except @octokit.
    const dir = scratch();
    copyFileSync(join(PROJECT_ROOT, 'dist', 'github.js'), join(dir, 'github.js'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    mkdirSync(join(dir, 'node_modules'));
    for (const entry of readdirSync(join(PROJECT_ROOT, 'node_modules'))) {
      if (entry !== '@octokit') symlinkSync(join(PROJECT_ROOT, 'node_modules', entry), join(dir, 'node_modules', entry));
    }
    server = await spawnServer(
      relative(join(PROJECT_ROOT, 'dist'), join(dir, 'github.js')),
      [],
      {
        GITHUB_TOKEN: 'ghp_unusedTokenValue00000000000000000',
        GITHUB_REPOSITORY: 'protolabs/demo',
        PROTOLABS_STATE_DIR: scratch(),
      },
      dir,
    );
    expect((await server.client.listTools()).tools.map((t) => t.name)).toContain('pr_status');
    const call = await server.call('pr_status', { number: 1 });
    expect(call).toMatchObject({
      isError: true,
      text: 'The GitHub client library (@octokit/rest) could not be loaded; reinstall protolabs-mcp.',
    });
  });

  it('starts with a malformed variable and answers every call with the error naming it', async () => {
    server = await spawnServer(
      'github.js',
      [],
      { GITHUB_TOKEN: 'ghp_x0000000000', GITHUB_ALLOW_ELEVATED: 'yes', PROTOLABS_STATE_DIR: scratch() },
      scratch(),
    );
    expect(listedNames((await server.client.listTools()).tools)).toEqual(BASIC);
    const result = await server.call('pr_list', {});
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^Configuration error: GITHUB_ALLOW_ELEVATED is malformed/);
    expect(server.stderr()).toMatch(/GITHUB_ALLOW_ELEVATED is malformed/);
  });
});
