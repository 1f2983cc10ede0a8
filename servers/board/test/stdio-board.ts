/**
 * Real board server processes (dist/board.js over stdio) on throw-away repositories, for the tests that play a
 * misled agent: every repository and outside folder made here is removed by `cleanup()`.
 */
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { commitFiles, createGitRepo, git, TEST_GIT_IDENTITY } from '../../../testing/git-repo.js';
import { type SpawnedServer, spawnServer } from '../../../testing/mcp-client.js';

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

export { git };

/** A sandbox with a repository on main (one commit unless `empty`) and a folder outside it. */
export function makeSandbox(options: { empty?: boolean } = {}): Sandbox {
  const { root, dir: repo } = createGitRepo({ prefix: 'board-hostile-', name: 'repo', ...(options.empty ? { files: {} } : {}) });
  const outside = realpathSync(mkdtempSync(join(tmpdir(), 'board-outside-')));
  const servers: SpawnedServer[] = [];
  const commit = (cwd: string, files: Record<string, string>, message = 'change'): string => commitFiles(cwd, files, { message });
  const featureFile = (id: string) => join(repo, '.automaker', 'features', id, 'feature.json');
  return {
    root,
    repo,
    outside,
    git,
    commit,
    async board(env = {}) {
      const server = await spawnServer('board.js', [], { ...TEST_GIT_IDENTITY, ...env }, repo);
      servers.push(server);
      return server;
    },
    featureFile,
    readFeature: (id) => JSON.parse(readFileSync(featureFile(id), 'utf8')),
    writeFeature: (id, feature) => writeFileSync(featureFile(id), JSON.stringify(feature, null, 2)),
    plantFeature(id, fields = {}) {
      mkdirSync(dirname(featureFile(id)), { recursive: true });
      writeFileSync(
        featureFile(id),
        JSON.stringify({ id, title: id, description: '', status: 'backlog', dependencies: [], ...fields }, null, 2),
      );
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
