import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Env } from '../../shared/env.js';
import { fail, ok, warn, type Check } from './report.js';

const run = promisify(execFile);
const MIN_NODE = [20, 17] as const;

export function checkNode(version: string = process.versions.node): Check {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const recent = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return recent
    ? ok('node', version)
    : fail('node', `${version} is too old: install Node ${MIN_NODE.join('.')} or newer (node -v shows the one on PATH)`);
}

export async function checkGit(env: Env): Promise<Check> {
  try {
    const { stdout } = await run('git', ['--version'], { env, timeout: 10_000 });
    return ok('git', stdout.trim().replace(/^git version /, ''));
  } catch (error) {
    return (error as { code?: string }).code === 'ENOENT'
      ? fail('git', 'not on PATH: install git (npx needs it to install from GitHub; board and github run it)')
      : fail('git', `"git --version" failed: reinstall git`);
  }
}

/** npm hides a git dependency's `prepare`; with ignore-scripts it never runs and dist/ never appears. */
export async function checkIgnoreScripts(env: Env, spec: string): Promise<Check> {
  let value: string;
  try {
    value = (await run('npm', ['config', 'get', 'ignore-scripts'], { env, timeout: 20_000 })).stdout.trim();
  } catch (error) {
    return (error as { code?: string }).code === 'ENOENT'
      ? warn('npm', 'not on PATH: Claude Code starts the servers with npx, which comes with npm')
      : warn('npm', '"npm config get ignore-scripts" failed; check your .npmrc');
  }
  if (value !== 'true') return ok('npm', `ignore-scripts=${value}`);
  return fail(
    'npm',
    'ignore-scripts=true stops npx from building this package when it installs it from GitHub (its "prepare" step never runs, so dist/ is missing): ' +
      `run "npm config set ignore-scripts false", or install once with "npx --ignore-scripts=false -y ${spec} --version" after "rm -rf ~/.npm/_npx"`,
  );
}

export async function checkNpx(env: Env, spec: string): Promise<Check[]> {
  try {
    return [checkNpmVersion((await run('npm', ['--version'], { env, timeout: 20_000 })).stdout.trim(), spec)];
  } catch {
    return []; // checkIgnoreScripts already says that npm is missing or broken
  }
}

/** npm before 11.6.1 has no lock around npx's install folder: four servers starting on a cold cache can race. */
export function checkNpmVersion(version: string, spec: string): Check {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((n) => Number.parseInt(n, 10));
  const locked = major > 11 || (major === 11 && (minor > 6 || (minor === 6 && patch >= 1)));
  return locked
    ? ok('npx', `npm ${version}`)
    : warn(
        'npx',
        `npm ${version} races when Claude Code starts several servers on a cold npx cache: warm it once with "npx -y ${spec} --version" (or use npm 11.6.1 or newer)`,
      );
}

/** The bundles sit in `<package>/dist/`, next to the running dist/cli.js. */
export function checkBuilt(packageRoot: string, servers: readonly string[]): Check {
  const missing = servers.filter((s) => !existsSync(join(packageRoot, 'dist', `${s}.js`)));
  if (missing.length === 0) return ok('build', servers.map((s) => `dist/${s}.js`).join(', '));
  return fail(
    'build',
    `${missing.map((s) => `dist/${s}.js`).join(', ')} missing in ${packageRoot}: the package was not built (npm's "prepare" step did not run or failed). ` +
      'In a clone run "npm run build" and read its errors; installed by npx, fix ignore-scripts, then "rm -rf ~/.npm/_npx" so npx reinstalls it',
  );
}
