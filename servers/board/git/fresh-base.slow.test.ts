import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../shared/errors.js';
import { fastForwardBase, fetchBase, remoteOfBase } from './fresh-base.js';
import { makeRepoWithOrigin, type RepoWithOrigin } from './origin-test-repo.js';
import { makeRepo, type TestRepo } from './test-repo.js';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
});

function withOrigin(): RepoWithOrigin {
  const repo = makeRepoWithOrigin();
  repos.push(repo);
  return repo;
}

describe('remoteOfBase', () => {
  it('takes the base branch’s upstream, else origin when it has the branch, else nothing', async () => {
    const repo = withOrigin();
    expect(await remoteOfBase(repo.root, 'main')).toEqual({
      remote: 'origin',
      remoteRef: 'refs/heads/main',
      trackingRef: 'refs/remotes/origin/main',
      label: 'origin/main',
    });
    repo.git(['branch', '--unset-upstream', 'main']);
    expect((await remoteOfBase(repo.root, 'main'))?.label).toBe('origin/main');
    const alone = makeRepo();
    repos.push(alone);
    expect(await remoteOfBase(alone.root, 'main')).toBeUndefined();
  });
});

describe('fetchBase', () => {
  it('fetches the remote’s base and answers its commit', async () => {
    const repo = withOrigin();
    const upstream = repo.commitUpstream({ 'new.txt': 'new\n' }, 'upstream moved');
    const remote = (await remoteOfBase(repo.root, 'main'))!;
    expect(await fetchBase(repo.root, remote)).toBe(upstream);
    expect(repo.git(['rev-parse', 'origin/main']).trim()).toBe(upstream);
  });

  it("fetches and fast-forwards without starting git's auto maintenance (a gc) in the call", async () => {
    const repo = withOrigin();
    const packs = () => readdirSync(join(repo.root, '.git', 'objects', 'pack')).filter((f) => f.endsWith('.pack')).length;
    repo.git(['repack', '-q']);
    repo.commit({ 'more.txt': 'more\n' }, 'more');
    repo.git(['repack', '-q']);
    repo.git(['reset', '-q', '--hard', 'HEAD~1']);
    const before = packs();
    expect(before).toBeGreaterThanOrEqual(2);
    // more packs than the limit: git's auto maintenance would repack them into one, here and now
    repo.git(['config', 'gc.autoPackLimit', '1']);
    repo.git(['config', 'gc.autoDetach', 'false']);
    const upstream = repo.commitUpstream({ 'new.txt': 'new\n' }, 'upstream moved');
    const remote = (await remoteOfBase(repo.root, 'main'))!;
    expect(await fetchBase(repo.root, remote)).toBe(upstream);
    expect(await fastForwardBase(repo.root, 'main', upstream, 'origin/main')).toEqual({ moved: true });
    expect(packs()).toBe(before);
  });

  it('fails offline with one sentence naming the remote, and changes nothing', async () => {
    const repo = withOrigin();
    const remote = (await remoteOfBase(repo.root, 'main'))!;
    repo.git(['remote', 'set-url', 'origin', join(repo.sandbox, 'gone.git')]);
    const before = repo.git(['for-each-ref']);
    const error = await fetchBase(repo.root, remote).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toMatch(/^Could not fetch main from the remote 'origin' \(.+\); nothing was changed\./);
    expect(repo.git(['for-each-ref'])).toBe(before);
  });

  it('never prompts for credentials: an askpass program is not run, the fetch fails at once', async () => {
    const repo = withOrigin();
    const remote = (await remoteOfBase(repo.root, 'main'))!;
    const server = createServer((_req, res) => res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="x"' }).end());
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const marker = join(repo.sandbox, 'asked');
      const askpass = join(repo.sandbox, 'askpass.sh');
      writeFileSync(askpass, `#!/bin/sh\ntouch '${marker}'\necho secret\n`, { mode: 0o755 });
      repo.git(['config', 'core.askPass', askpass]);
      repo.git(['remote', 'set-url', 'origin', `http://127.0.0.1:${(server.address() as AddressInfo).port}/r.git`]);
      const error = await fetchBase(repo.root, remote).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamError);
      expect(existsSync(marker)).toBe(false);
    } finally {
      server.close();
    }
  });
});

describe('fastForwardBase', () => {
  it('fast-forwards a clean checked-out base that is strictly behind', async () => {
    const repo = withOrigin();
    const upstream = repo.commitUpstream({ 'new.txt': 'new\n' }, 'upstream moved');
    repo.git(['fetch', '-q', 'origin']);
    expect(await fastForwardBase(repo.root, 'main', upstream, 'origin/main')).toEqual({ moved: true });
    expect(repo.git(['rev-parse', 'main']).trim()).toBe(upstream);
    expect(repo.git(['status', '--porcelain'])).toBe('');
  });

  it('moves the ref alone when no checkout has the base', async () => {
    const repo = withOrigin();
    repo.git(['checkout', '-q', '-b', 'elsewhere']);
    const upstream = repo.commitUpstream({ 'new.txt': 'new\n' }, 'upstream moved');
    repo.git(['fetch', '-q', 'origin']);
    expect(await fastForwardBase(repo.root, 'main', upstream, 'origin/main')).toEqual({ moved: true });
    expect(repo.git(['rev-parse', 'main']).trim()).toBe(upstream);
  });

  it('leaves a checkout git will not fast-forward (an untracked file in the way), a base ahead and a diverged base alone, and says so', async () => {
    const repo = withOrigin();
    const upstream = repo.commitUpstream({ 'new.txt': 'new\n' }, 'upstream moved');
    repo.git(['fetch', '-q', 'origin']);
    repo.write('new.txt', 'mine, untracked\n');
    const before = repo.git(['rev-parse', 'main']).trim();
    expect((await fastForwardBase(repo.root, 'main', upstream, 'origin/main')).note).toMatch(/\(git: .* new\.txt\); it was left as it is/);
    expect(repo.git(['rev-parse', 'main']).trim()).toBe(before);
    rmSync(join(repo.root, 'new.txt'));
    repo.commit({ 'mine.txt': 'mine\n' }, 'local only');
    expect((await fastForwardBase(repo.root, 'main', upstream, 'origin/main')).note).toMatch(/diverged/);
    repo.git(['reset', '-q', '--hard', upstream]);
    repo.commit({ 'mine.txt': 'mine\n' }, 'local only');
    expect((await fastForwardBase(repo.root, 'main', upstream, 'origin/main')).note).toMatch(/not on origin\/main/);
  });
});
