// What a GitHub fake REST handler gets and returns, GitHub's error replies, and the lookups several route
// families share (a pull by number, a branch's head, a ref to a sha).
import { execFileSync } from 'node:child_process';
import type { FakePull, FakeState } from './state.js';

export interface RouteContext {
  s: FakeState;
  /** `http://127.0.0.1:PORT/api/v3` */
  base: string;
  origin: string;
  /** Another origin, where job logs are served (as GitHub's blob storage is). */
  blobOrigin: string;
  params: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** The bare repository branches are resolved in, when the fake was given one. */
  gitDir?: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Items to paginate (the body is then built from the requested page). */
  page?: { items: unknown[]; wrap?: (items: unknown[], total: number) => unknown };
}

export type Handler = (c: RouteContext) => Reply;

export const DOCS = 'https://docs.github.com/rest';
export const notFound = (): Reply => ({ status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } });
export const invalid = (message: string, errors: unknown[] = []): Reply => ({
  status: 422,
  body: { message, errors, documentation_url: DOCS, status: '422' },
});
export const now = () => new Date().toISOString();

export function pullOf(c: RouteContext): FakePull | undefined {
  return c.s.pulls.find((p) => p.number === Number(c.params[0]));
}

export function branchSha(c: RouteContext, branch: string): string | undefined {
  if (c.gitDir) {
    try {
      return execFileSync('git', ['--git-dir', c.gitDir, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      return c.s.branches.get(branch);
    }
  }
  return c.s.branches.get(branch);
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
export function resolveRef(c: RouteContext, ref: string): string {
  return /^[0-9a-f]{40}$/.test(ref) ? ref : (branchSha(c, ref) ?? ref);
}
