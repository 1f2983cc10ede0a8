// Every test run gets the same machine, whatever machine it runs on: a fresh HOME (no global git or npm
// config), a git identity only through GIT_* variables, and one temporary folder that is removed afterwards, so
// nothing a test (or a process it spawned) forgets to delete is left behind.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_GIT_IDENTITY } from './git-repo.js';

export { TEST_GIT_IDENTITY };

export default function setup(): () => Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'protolabs-test-run-'));
  const home = join(root, 'home');
  const tmp = join(root, 'tmp');
  mkdirSync(home);
  mkdirSync(tmp);
  const emptyGitConfig = join(root, 'gitconfig');
  writeFileSync(emptyGitConfig, '');
  const started = Date.now();
  Object.assign(process.env, {
    HOME: home,
    TMPDIR: tmp,
    GIT_CONFIG_GLOBAL: emptyGitConfig,
    GIT_CONFIG_NOSYSTEM: '1',
    ...TEST_GIT_IDENTITY,
  });
  return async () => {
    const left = readdirSync(tmp).length;
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    process.stderr.write(
      `test run: ${((Date.now() - started) / 1000).toFixed(1)} s; removed ${left} temporary folder(s) tests left in ${tmp}\n`,
    );
  };
}
