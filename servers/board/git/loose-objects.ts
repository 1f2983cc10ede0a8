/**
 * A few git objects read straight from `<common dir>/objects` (a loose object is one zlib-deflated file): the merge
 * asks two small questions about a commit and a tree git has just written, and a git process costs more than the
 * question (~5 ms to spawn here, ~10 more to start). Whatever is not a loose object here — packed, in an alternate,
 * malformed — is `undefined`, and the caller asks git instead; the answer is never a guess.
 *
 * API
 *   looseCommitTree(commonDir, commit) → the commit's tree id | undefined
 *   looseTreeEntries(commonDir, tree) → Map name → { mode, id } of the tree's own entries | undefined
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

export interface TreeEntry {
  mode: string;
  id: string;
}

export function looseCommitTree(commonDir: string, commit: string): string | undefined {
  const body = readLoose(commonDir, commit, 'commit');
  const tree = body?.toString('latin1', 0, Math.min(body.length, 80)).match(/^tree ([0-9a-f]+)\n/)?.[1];
  return tree && OBJECT_ID.test(tree) && tree.length === commit.length ? tree : undefined;
}

export function looseTreeEntries(commonDir: string, tree: string): Map<string, TreeEntry> | undefined {
  const body = readLoose(commonDir, tree, 'tree');
  if (!body) return undefined;
  const idBytes = tree.length / 2;
  const entries = new Map<string, TreeEntry>();
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    const nul = body.indexOf(0, space + 1);
    if (space < 0 || nul < 0 || nul + 1 + idBytes > body.length) return undefined;
    const mode = body.toString('latin1', at, space);
    const name = body.toString('utf8', space + 1, nul);
    entries.set(name, { mode, id: body.toString('hex', nul + 1, nul + 1 + idBytes) });
    at = nul + 1 + idBytes;
  }
  return entries;
}

/** The object's content when it is a loose object of that type here, else undefined. */
function readLoose(commonDir: string, id: string, type: 'commit' | 'tree'): Buffer | undefined {
  if (!OBJECT_ID.test(id)) return undefined;
  let raw: Buffer;
  try {
    raw = inflateSync(readFileSync(join(commonDir, 'objects', id.slice(0, 2), id.slice(2))));
  } catch {
    return undefined; // not loose here (packed, an alternate) or unreadable: git answers
  }
  const nul = raw.indexOf(0);
  const [kind, size] = raw.toString('latin1', 0, Math.max(nul, 0)).split(' ');
  if (nul < 0 || kind !== type || Number(size) !== raw.length - nul - 1) return undefined;
  return raw.subarray(nul + 1);
}
