/**
 * Real board server processes (dist/board.js over stdio) on throw-away repositories, for the tests that play a
 * misled agent: every repository and outside folder made here is removed by `cleanup()`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type SpawnedServer, spawnServer } from '../../../testing/mcp-client.js';
import { GIT_ENV } from './harness.js';

export interface Sandbox {
  /** Holds the repository; use it as ALLOWED_ROOT_DIRECTORY. */
  root: string;
  repo: string;
  /** A folder outside the sandbox (another "repository", a victim file's home). */
  outside: string;
  git(cwd: string, ...args: string[]): string;
  commit(cwd: string, files: Record<string, string>, message?: string): string;
  board(env?: Record<string, string>): Promise<SpawnedServer>;
  featureFile(id: string): string;
  readFeature(id: string): Record<string, unknown>;
  writeFeature(id: string, feature: Record<string, unknown>): void;
  /** Writes a backlog feature straight to disk, as the Automaker app or a hand edit would (start boards after). */
  plantFeature(id: string, fields?: Record<string, unknown>): void;
  cleanup(): Promise<void>;
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** A sandbox with a repository on main (one commit unless `empty`) and a folder outside it. */
export function makeSandbox(options: { empty?: boolean } = {}): Sandbox {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'board-hostile-')));
  const outside = realpathSync(mkdtempSync(join(tmpdir(), 'board-outside-')));
  const repo = join(root, 'repo');
  mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  const servers: SpawnedServer[] = [];
  const commit = (cwd: string, files: Record<string, string>, message = 'change'): string => {
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(dirname(join(cwd, file)), { recursive: true });
      writeFileSync(join(cwd, file), content);
      git(cwd, 'add', '-f', file);
    }
    git(cwd, 'commit', '-q', '-m', message);
    return git(cwd, 'rev-parse', 'HEAD');
  };
  if (!options.empty) commit(repo, { 'README.md': '# scratch\n' }, 'initial');
  const featureFile = (id: string) => join(repo, '.automaker', 'features', id, 'feature.json');
  return {
    root,
    repo,
    outside,
    git,
    commit,
    async board(env = {}) {
      const server = await spawnServer('board.js', [], { ...GIT_ENV, ...env }, repo);
      servers.push(server);
      return server;
    },
    featureFile,
    readFeature: (id) => JSON.parse(readFileSync(featureFile(id), 'utf8')),
    writeFeature: (id, feature) => writeFileSync(featureFile(id), JSON.stringify(feature, null, 2)),
    plantFeature(id, fields = {}) {
      mkdirSync(dirname(featureFile(id)), { recursive: true });
      writeFileSync(featureFile(id), JSON.stringify({ id, title: id, description: '', status: 'backlog', dependencies: [], ...fields }, null, 2));
    },
    async cleanup() {
      await Promise.all(servers.splice(0).map((s) => s.close().catch(() => undefined)));
      rmSync(root, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    },
  };
}

/** Creates one feature and returns its id. */
export async function createFeature(board: SpawnedServer, title: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await board.call('feature_create', { features: [{ title, ...extra }] });
  if (created.isError) throw new Error(`feature_create failed: ${created.text}`);
  return (created.data.features as Array<{ id: string }>)[0]!.id;
}
