/**
 * Names and paths derived from what users and models type. Pure, no git, no I/O except realpath in assertInside.
 *
 * API
 *   featureSlug(id, title) → string       `<slugified title ≤ 40>-<unique id suffix>`, ASCII [a-z0-9-], ≤ 64 chars;
 *                                         a valid path segment and branch component. InputError for an empty id.
 *   featureBranch(slug) → `feature/<slug>` (InputError unless slug is one featureSlug could produce)
 *   worktreeFolderName(branch) → the folder both Automaker apps give a branch's worktree: every character outside
 *                                         [a-zA-Z0-9_-] becomes '-' (feature/x → feature-x)
 *   assertSlug(slug)                      InputError unless slug matches the featureSlug alphabet and rules
 *   assertSafeBranchName(name)            every `git check-ref-format --branch` rule, plus no leading '-', no 'HEAD',
 *                                         no invisible/bidi/separator characters, ≤ 200 characters; InputError
 *   assertInside(root, target)            realpath-aware containment (symlinks resolved on the longest existing
 *                                         prefix of target); ForbiddenError
 *
 * Why a suffix from the id: titles collide and change, ids don't. Canonical Automaker ids
 * (`feature-<ms>-<rand>`) contribute their random part; anything else contributes a hash, so two ids never share a
 * slug merely because sanitising made them look alike.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ForbiddenError, InputError } from '../../../shared/errors.js';

const TITLE_MAX = 40;
const SLUG_MAX = 64;
const BRANCH_MAX = 200;
const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const CANONICAL_ID = /^feature-\d+-([a-z0-9]{1,20})$/;

export function featureSlug(id: string, title: string): string {
  if (typeof id !== 'string' || id.length === 0) throw new InputError('The feature id is empty; pass the id of an existing feature.');
  const suffix = idSuffix(id);
  const words = slugifyTitle(typeof title === 'string' ? title : '');
  const slug = words ? `${words}-${suffix}` : suffix;
  assertSlug(slug);
  return slug;
}

export function featureBranch(slug: string): string {
  assertSlug(slug);
  return `feature/${slug}`;
}

export function worktreeFolderName(branch: string): string {
  assertSafeBranchName(branch);
  return branch.replace(/[^a-zA-Z0-9_-]/g, '-');
}

export function assertSlug(slug: string): void {
  if (typeof slug !== 'string' || slug.length > SLUG_MAX || !SLUG_PATTERN.test(slug) || slug.includes('--')) {
    throw new InputError('The worktree slug is not valid: use only a-z, 0-9 and single dashes, at most 64 characters.');
  }
}

function idSuffix(id: string): string {
  const canonical = CANONICAL_ID.exec(id);
  if (canonical?.[1]) return canonical[1];
  if (/^[a-z0-9]{1,20}$/.test(id)) return id;
  return `h${createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 12)}`;
}

function slugifyTitle(title: string): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return ascii.slice(0, TITLE_MAX).replace(/-+$/, '');
}

/** The rules of `git check-ref-format --branch` (refs/heads/<name>), stated one by one. */
export function assertSafeBranchName(name: string): void {
  const problem = branchNameProblem(name);
  if (problem) throw new InputError(`The branch name is not allowed: ${problem}.`);
}

/** The same rules as a yes/no (for names that are tried rather than refused: candidates, refs read from files). */
export function isSafeBranchName(name: string): boolean {
  return branchNameProblem(name) === undefined;
}

function branchNameProblem(name: string): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'it is empty';
  if (name.length > BRANCH_MAX) return `it is longer than ${BRANCH_MAX} characters`;
  if (name.startsWith('-')) return "it starts with '-' (git would read it as an option)";
  if (name === 'HEAD' || name === '@') return `'${name}' is reserved`;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return 'it contains a space, a control character or one of ~ ^ : ? * [ \\';
  if (/[\p{C}\p{Z}]/u.test(name)) return 'it contains an invisible, formatting or separator character';
  if (name.includes('..')) return "it contains '..'";
  if (name.includes('@{')) return "it contains '@{'";
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return "it has an empty path component ('/' at an end or '//')";
  if (name.endsWith('.')) return "it ends with '.'";
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return "a component starts with '.'";
    if (part.endsWith('.lock')) return "a component ends with '.lock'";
  }
  return undefined;
}

/** Refuses a target that is (or would be, once created) outside root after resolving symlinks. */
export function assertInside(root: string, target: string): void {
  const realRoot = realpathOfLongestPrefix(resolve(root));
  const realTarget = realpathOfLongestPrefix(resolve(root, target));
  const rel = relative(realRoot, realTarget);
  if (rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))) return;
  throw new ForbiddenError(`The path ${target} is outside the allowed root ${root}.`, { path: target, root });
}

/**
 * realpath of the deepest existing ancestor with the not-yet-existing rest appended. A dangling symlink is
 * followed by hand (realpath fails on it, but mkdir through it would still land where it points).
 */
function realpathOfLongestPrefix(absolute: string): string {
  const missing: string[] = [];
  let current = absolute;
  for (let hops = 0; hops < 64; ) {
    try {
      return join(realpathSync.native(current), ...[...missing].reverse());
    } catch {
      if (isSymlink(current)) {
        current = resolve(dirname(current), readlinkSync(current));
        hops += 1;
        continue;
      }
      const parent = dirname(current);
      if (parent === current) return join(current, ...[...missing].reverse());
      missing.push(basename(current));
      current = parent;
    }
  }
  throw new ForbiddenError(`The path ${absolute} has too many levels of symbolic links.`);
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
