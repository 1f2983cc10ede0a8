import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitRepo, TEST_GIT_IDENTITY } from '../../../testing/git-repo.js';
import { startGitHubFake, type GitHubFake, type GitHubFakeOptions } from '../../../testing/github-fake/index.js';
import { connectHarness, type ServerHarness } from '../../../testing/harness.js';
import { instanceName } from '../../../shared/instance.js';
import { createLogger } from '../../../shared/logger.js';
import { loadConfig } from '../config.js';
import type { BoardLink, GitHubDeps } from '../deps.js';
import { createGitHubServer } from '../server.js';

export { git } from '../../../testing/git-repo.js';
// The server's own git runs with this much of an environment, as under Claude Code.
const gitEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...TEST_GIT_IDENTITY, GIT_CONFIG_NOSYSTEM: '1' };

/** A work clone whose origin is a local bare repository; `main` is pushed, `feature/login` only local. */
export function createRepos(): { dir: string; work: string; bare: string } {
  const repo = createGitRepo({ prefix: 'gh-repo-', remote: true, files: { 'README.md': '# demo\n' } });
  repo.git('checkout', '--quiet', '-b', 'feature/login');
  repo.commit({ 'login.ts': 'export const login = true;\n' }, 'login');
  return { dir: repo.root, work: repo.dir, bare: repo.remote as string };
}

/** The shared harness shape (testing/harness.ts): `call`, `client`, `fake`, `close`, plus the audit and log files. */
export interface Harness extends ServerHarness<GitHubFake> {
  auditFile: string;
  logFile: string;
}

export interface HarnessOptions {
  fake?: GitHubFakeOptions;
  env?: Record<string, string>;
  cwd?: string;
  board?: BoardLink;
  wait?: GitHubDeps['wait'];
}

/** The github server in-process, over a real MCP client, against a fresh fake. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await startGitHubFake(options.fake);
  const state = mkdtempSync(join(tmpdir(), 'gh-state-'));
  const logFile = join(state, 'server.log');
  const auditFile = join(state, 'audit.jsonl');
  const env = {
    GITHUB_TOKEN: fake.token,
    GITHUB_API_URL: fake.url,
    GITHUB_REPOSITORY: `${fake.state.owner}/${fake.state.name}`,
    GITHUB_AUDIT_LOG: auditFile,
    LOG_FILE: logFile,
    ...options.env,
  };
  const config = loadConfig(env);
  const server = createGitHubServer({
    config,
    cwd: options.cwd ?? state,
    instance: instanceName(env, options.cwd ?? state),
    log: createLogger('github', { LOG_FILE: logFile, LOG_LEVEL: 'debug' }, config.token ? [config.token] : []),
    timing: { retryBaseMs: 2, spaceWrites: false, maxRateLimitWaitS: 30, requestTimeoutMs: 20_000 },
    wait: options.wait ?? { pollMs: 20, limitMs: 5_000 },
    gitEnv,
    ...(options.board ? { board: async () => options.board as BoardLink } : {}),
  });
  const connected = await connectHarness(server, fake, async () => {
    rmSync(state, { recursive: true, force: true });
    await fake.close();
  });
  return { ...connected, auditFile, logFile };
}

/** A PR like a real one mid-review: 30 checks (some failing, some pending), 20 review comments, reviews and conversation. */
export function seedRealisticPr(fake: GitHubFake): number {
  const pr = fake.addPull({
    head: 'feature/big',
    title: 'Add the checkout flow with retries and a long, descriptive title',
    body: 'x'.repeat(3000),
  });
  for (let i = 0; i < 30; i++) {
    const failing = i % 10 === 3;
    fake.addCheckRun({
      sha: pr.headSha,
      name: `build / test-shard-${i} (ubuntu-latest, node 20)`,
      conclusion: failing ? 'failure' : 'success',
      ...(i % 10 === 7 ? { status: 'in_progress' as const } : {}),
      required: i < 5 || failing,
      title: failing ? `${i} tests failed` : 'ok',
      summary: failing ? `FAIL src/shard-${i}.test.ts\n`.repeat(40) : 'All good',
      log: `${Array.from(
        { length: 400 },
        (_, n) => `2026-11-27T02:00:${String(n % 60).padStart(2, '0')}.0000000Z line ${n} of a very chatty build log with plenty of detail`,
      ).join('\n')}\n##[error]Process completed with exit code 1.`,
    });
  }
  for (let t = 0; t < 10; t++) {
    fake.addThread({
      pull: pr.number,
      path: `src/module-${t}/implementation.ts`,
      line: 10 + t,
      comments: [
        { author: 'reviewer-a', body: `Please handle the error case here. ${'Detailed explanation. '.repeat(60)}` },
        { author: 'protolabs-bot', body: `Done in the next commit. ${'More words. '.repeat(40)}` },
      ],
      resolved: t < 2,
    });
  }
  fake.addReview({ pull: pr.number, author: 'reviewer-a', state: 'CHANGES_REQUESTED', body: 'See comments. '.repeat(200) });
  fake.addReview({ pull: pr.number, author: 'reviewer-b', state: 'APPROVED', body: 'LGTM' });
  for (let c = 0; c < 25; c++) fake.addComment({ issue: pr.number, author: 'someone', body: `Conversation ${c}: ${'blah '.repeat(200)}` });
  return pr.number;
}
