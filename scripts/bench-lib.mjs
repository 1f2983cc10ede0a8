// Helpers shared by npm run bench's scripts: scratch repositories, stdio clients, generated boards, medians.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const GIT_ENV = {
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
};

export const median = (xs) => percentile(xs, 50);
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  if (p === 50 && s.length % 2 === 0) return (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
export const ms = (x) => `${x.toFixed(1)} ms`;

export function scratchRepo() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-repo-'));
  const git = (...a) => execFileSync('git', a, { cwd: dir, env: { ...process.env, ...GIT_ENV } });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'README.md'), '# bench\n');
  git('add', '.');
  git('commit', '-q', '-m', 'init');
  return dir;
}

export async function connect(bin, cwd, env = {}) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(root, 'dist', bin)],
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LOG_LEVEL: 'warn',
      PROTOLABS_STATE_DIR: join(cwd, '.state'),
      ...GIT_ENV,
      ...env,
    },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'bench', version: '0' });
  await client.connect(transport);
  return { client, transport };
}

/** Resident and peak resident memory of a process, in MB. */
export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

export function featureIdAt(base, i) {
  return `feature-${base + i}-${i.toString(36).padStart(9, '0')}`;
}

/** A board of `count` generated features (every fifth done, some with a dependency), replacing any board there. */
export function seedBoard(repo, count) {
  const dir = join(repo, '.automaker', 'features');
  rmSync(join(repo, '.automaker'), { recursive: true, force: true });
  const base = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < count; i++) {
    const id = featureIdAt(base, i);
    const createdAt = new Date(base + i).toISOString();
    mkdirSync(join(dir, id), { recursive: true });
    const status = i % 5 === 0 ? 'done' : 'backlog';
    const dependencies = i > 10 && i % 3 === 0 ? [featureIdAt(base, i - 5)] : [];
    writeFileSync(
      join(dir, id, 'feature.json'),
      JSON.stringify(
        {
          id,
          title: `Feature ${i}`,
          description: `Build part ${i} of the system.`,
          category: `c${i % 7}`,
          priority: (i % 4) + 1,
          status,
          dependencies,
          statusHistory: [],
          createdAt,
          updatedAt: createdAt,
        },
        null,
        2,
      ),
    );
  }
  return Array.from({ length: count }, (_, i) => featureIdAt(base, i));
}
