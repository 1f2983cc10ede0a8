import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Env } from '../../../shared/env.js';
import { snowflake, startDiscordFake, type DiscordFake } from '../../../testing/discord-fake/index.js';
import { startGitHubFake, type GitHubFake } from '../../../testing/github-fake/index.js';
import { createGitRepo, TEST_GIT_IDENTITY } from '../../../testing/git-repo.js';
import { runCommand } from '../../../testing/run-command.js';
import { PROJECT_ROOT } from '../../../testing/mcp-client.js';
import { startProxmoxFake, type ProxmoxFake } from '../../../testing/proxmox-fake/index.js';
import type { CliIo } from '../../init/io.js';
import { runDoctor } from '../run.js';
import { checkBuilt, checkNode, checkNpmVersion } from '../system.js';

const APPROVER = '123456789012345678';
// A PVEAuditor-like token: enough for the read tools, not for the elevated tier.
const AUDITOR = { '/': { 'Sys.Audit': 1, 'VM.Audit': 1, 'Datastore.Audit': 1 } };

let github: GitHubFake;
let discord: DiscordFake;
let proxmox: ProxmoxFake;
let repo: string;

beforeAll(async () => {
  [github, discord, proxmox] = await Promise.all([startGitHubFake({ scopes: 'repo, workflow' }), startDiscordFake(), startProxmoxFake()]);
  proxmox.state.permissions = structuredClone(AUDITOR);
  // the board check wants a repository a claim can branch from: one commit
  repo = createGitRepo({ prefix: 'protolabs-doctor-' }).dir;
});

afterAll(async () => {
  await Promise.all([github.close(), discord.close(), proxmox.close()]);
  rmSync(repo, { recursive: true, force: true });
});

function goodEnv(): Env {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_TOKEN: github.token,
    GITHUB_REPOSITORY: 'protolabs/demo',
    GITHUB_API_URL: github.url,
    ...discord.serverEnv([APPROVER]),
    ...proxmox.env(),
  };
}

async function doctor(args: string[], env: Env) {
  const lines: string[] = [];
  const io: CliIo = { cwd: repo, env, out: (l) => lines.push(l), err: (l) => lines.push(l) };
  const code = await runDoctor(args, io, { timeoutMs: 10_000 });
  return { code, out: lines.join('\n') };
}

const secretsOf = (env: Env) => [env.GITHUB_TOKEN, env.DISCORD_TOKEN, env.PROXMOX_TOKEN_VALUE].filter((s): s is string => !!s);

describe('protolabs-mcp doctor', () => {
  it('passes with good credentials: one authenticated read per service, every line OK, exit 0', { timeout: 60_000 }, async () => {
    const env = goodEnv();
    const { code, out } = await doctor([], env);
    expect(out).toMatch(/^ok {4}node: /m);
    expect(out).toMatch(/^(ok {4}npx: npm \d|warn {2}npx: npm \d.*warm it once)/m);
    expect(out).toMatch(/^ok {4}build: dist\/board\.js, dist\/github\.js, dist\/discord\.js, dist\/proxmox\.js$/m);
    expect(out).toMatch(/^ok {4}board: environment well-formed; repository /m);
    expect(out).toContain('ok    github token: authenticated as protolabs-bot; scopes: repo, workflow');
    expect(out).toContain('ok    github repo: protolabs/demo (push access)');
    expect(out).toContain('ok    discord: bot protolabs-bot');
    for (const channel of ['dev', 'alerts', 'approvals'])
      expect(out).toContain(`ok    discord ${channel}: DISCORD_CHANNEL_${channel.toUpperCase()} is #${channel}`);
    expect(out).toMatch(/^ok {4}proxmox: Proxmox VE 8\.3\.0 at 127\.0\.0\.1:\d+$/m);
    expect(out).toMatch(/^ok {4}proxmox token: 3 privileges on 1 path\(s\)$/m);
    expect(out).not.toMatch(/^FAIL/m);
    expect(out).not.toMatch(/^warn {2}(?!npx)/m);
    expect(out).toContain('No problems found.');
    expect(code).toBe(0);
    for (const secret of secretsOf(env)) expect(out).not.toContain(secret);
  });

  it('names the fix for refused credentials and exits 1, never printing the secrets', { timeout: 60_000 }, async () => {
    const env = {
      ...goodEnv(),
      GITHUB_TOKEN: 'ghp_wrongTokenWrongToken0123456789',
      DISCORD_TOKEN: 'wrong.tokenwrongtokenwrongtoken',
      PROXMOX_TOKEN_VALUE: '00000000-0000-4000-8000-000000000000',
    };
    const { code, out } = await doctor(['github', 'discord', 'proxmox'], env);
    expect(code).toBe(1);
    expect(out).toContain(
      'FAIL  github: GitHub refused GITHUB_TOKEN (401): it is wrong, expired or revoked; create a new token and update GITHUB_TOKEN',
    );
    expect(out).toMatch(/^FAIL {2}discord: Discord refused DISCORD_TOKEN \(401\): reset the token/m);
    expect(out).toMatch(
      /^FAIL {2}proxmox: 127\.0\.0\.1:\d+ refused the API token \(401\): check PROXMOX_USER, PROXMOX_TOKEN_NAME and PROXMOX_TOKEN_VALUE/m,
    );
    expect(out).toContain('3 problems to fix');
    expect(out).not.toMatch(/board/);
    for (const secret of secretsOf(env)) expect(out).not.toContain(secret);
  });

  it('names missing and malformed variables without calling any service', async () => {
    const before = { github: github.requests.length, discord: discord.requests.length, proxmox: proxmox.requests.length };
    const { code, out } = await doctor([], {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_API_URL: `${github.url}`,
      DISCORD_CHANNEL_DEV: 'dev',
      PROXMOX_HOST: '127.0.0.1',
      PROXMOX_VERIFY_TLS: 'no',
      BOARD_LEASE_MINUTES: '0',
    });
    expect(code).toBe(1);
    expect(out).toMatch(/^FAIL {2}board: .*BOARD_LEASE_MINUTES is malformed/m);
    expect(out).toContain('FAIL  github: GITHUB_TOKEN is not set');
    expect(out).toMatch(/^FAIL {2}discord: .*DISCORD_CHANNEL_DEV is malformed/m);
    expect(out).toMatch(/^FAIL {2}proxmox: .*PROXMOX_USER is not set.*PROXMOX_VERIFY_TLS is malformed/m);
    expect(out).toContain('4 problems to fix');
    expect({ github: github.requests.length, discord: discord.requests.length, proxmox: proxmox.requests.length }).toEqual(before);
  });

  it('finds what is wrong behind good credentials: scopes, channels, token permissions, no repository, an untrusted certificate', {
    timeout: 60_000,
  }, async () => {
    github.state.scopes = 'read:org, gist';
    proxmox.state.permissions = {};
    try {
      const env = { ...goodEnv(), DISCORD_CHANNEL_ALERTS: '999999999999999999', DISCORD_APPROVERS: '' };
      const { code, out } = await doctor(['github', 'discord', 'proxmox'], env);
      expect(code).toBe(1);
      expect(out).toContain(
        'FAIL  github token: authenticated as protolabs-bot, but the classic token has no repo scope (scopes: read:org, gist)',
      );
      expect(out).toMatch(/^FAIL {2}discord alerts: DISCORD_CHANNEL_ALERTS is not a channel the bot can find \(404\)/m);
      expect(out).toMatch(/^warn {2}discord approvals: DISCORD_APPROVERS is not set/m);
      expect(out).toContain(
        `FAIL  proxmox token: the token has no permissions (a privilege-separated token starts with none): grant a role, e.g. pveum acl modify / --tokens '${proxmox.user}!${proxmox.tokenName}' --roles PVEAuditor`,
      );
    } finally {
      github.state.scopes = 'repo, workflow';
      proxmox.state.permissions = structuredClone(AUDITOR);
    }
    // A GitHub App installation token: GitHub answers GET /user (the doctor's first GitHub request) with 403.
    github.fail({ count: 1, status: 403, message: 'Resource not accessible by integration' });
    const app = await doctor(['github', 'proxmox'], { ...goodEnv(), PROXMOX_ALLOW_ELEVATED: 'true' });
    expect(app.out).toContain('ok    github token: not a user token (a GitHub App token?); its repository access is checked below');
    expect(app.out).toContain('ok    github repo: protolabs/demo (push access)');
    expect(app.out).toMatch(/^warn {2}proxmox token: PROXMOX_ALLOW_ELEVATED=true but the token lacks VM\.PowerMgmt/m);
    expect(app.code).toBe(0);
    const { GITHUB_REPOSITORY: _repo, ...noRepo } = goodEnv();
    const remote = await doctor(['github'], noRepo);
    expect(remote.out).toContain(
      'FAIL  github: GITHUB_REPOSITORY is not set and the working directory has no origin remote; set GITHUB_REPOSITORY=owner/name.',
    );
    const { PROXMOX_CA_FILE: _ca, ...untrusted } = goodEnv();
    const tls = await doctor(['proxmox'], untrusted);
    expect(tls.out).toMatch(/^FAIL {2}proxmox: the TLS certificate of 127\.0\.0\.1:\d+ is not trusted: set PROXMOX_CA_FILE/m);
    expect(tls.code).toBe(1);
  });

  it('explains ignore-scripts and a missing build; an unreachable service is a FAIL, not a hang', { timeout: 60_000 }, async () => {
    const { code, out } = await doctor(['board'], { ...goodEnv(), npm_config_ignore_scripts: 'true' });
    expect(code).toBe(1);
    expect(out).toMatch(/^FAIL {2}npm: ignore-scripts=true stops npx from building this package .*npm config set ignore-scripts false/m);
    const empty = mkdtempSync(join(tmpdir(), 'protolabs-doctor-unbuilt-'));
    try {
      expect(checkBuilt(empty, ['board', 'github'])).toMatchObject({
        status: 'fail',
        message: expect.stringMatching(/^dist\/board\.js, dist\/github\.js missing in .*npm run build/),
      });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    expect(checkNode('20.16.0')).toMatchObject({ status: 'fail', message: expect.stringContaining('install Node 20.17 or newer') });
    expect(checkNode('22.1.0').status).toBe('ok');
    expect(checkNpmVersion('10.9.2', 'github:o/r#v1.0.0')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('warm it once with "npx -y github:o/r#v1.0.0 --version"'),
    });
    expect(checkNpmVersion('11.6.1', 'github:o/r#v1.0.0').status).toBe('ok');
    expect(checkNpmVersion('12.0.0', 'github:o/r#v1.0.0').status).toBe('ok');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = await doctor(['discord'], { ...goodEnv(), DISCORD_API_URL: `http://127.0.0.1:${port}/api` });
    expect(unreachable.out).toMatch(/^FAIL {2}discord: cannot reach http:\/\/127\.0\.0\.1:\d+\/api \(ECONNREFUSED\)/m);
  });

  it('checks a notify-only webhook without printing its URL, and says when Discord does not know it', async () => {
    const hook = { id: snowflake(), token: 'hookTokenSecret0123456789', channelId: snowflake() };
    const fake = await startDiscordFake({ channels: [{ id: hook.channelId, name: 'dev' }], webhooks: [hook] });
    try {
      const url = `${fake.apiUrl}/webhooks/${hook.id}/${hook.token}`;
      const env = { PATH: process.env.PATH, HOME: process.env.HOME, DISCORD_WEBHOOK_URL: url };
      const good = await doctor(['discord'], env);
      expect(good.out).toMatch(/^ok {4}discord: webhook found \(notify-only mode/m);
      expect(good.out).not.toContain(hook.token);
      const gone = await doctor(['discord'], { ...env, DISCORD_WEBHOOK_URL: `${fake.apiUrl}/webhooks/${hook.id}/revokedToken0123456789` });
      expect(gone.out).toMatch(/^FAIL {2}discord: Discord does not accept DISCORD_WEBHOOK_URL \(404\): create a new webhook/m);
      expect(gone.out).not.toContain('revokedToken0123456789');
      expect(gone.code).toBe(1);
    } finally {
      await fake.close();
    }
  });

  it('runs from the bundle (dist/cli.js): finds dist/ beside itself, exit 1 on a problem, 2 on an unknown server', {
    timeout: 60_000,
  }, async () => {
    const cli = join(PROJECT_ROOT, 'dist', 'cli.js');
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: 'protolabs/demo',
    };
    // the board check asks for a git identity, as a claim does: the test run's GIT_* variables
    const good = await runCommand(process.execPath, [cli, 'doctor', 'board', 'github'], {
      cwd: repo,
      env: { ...env, ...TEST_GIT_IDENTITY, GITHUB_TOKEN: github.token },
    });
    expect(good.stdout).toMatch(/^ok {4}build: dist\/board\.js, dist\/github\.js$/m);
    expect(good.stdout).toContain('No problems found.');
    const missing = await runCommand(process.execPath, [cli, 'doctor', 'github'], { cwd: repo, env, expectCode: 1 });
    expect(missing.stdout).toContain('FAIL  github: GITHUB_TOKEN is not set');
    const unknown = await runCommand(process.execPath, [cli, 'doctor', 'jira'], { env, expectCode: 2 });
    expect(unknown.stderr).toContain('unknown server jira');
  });
});
