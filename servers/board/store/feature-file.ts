import { createHash, randomBytes } from 'node:crypto';
import {
  type Stats,
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  linkSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Feature, featureFromDisk } from './feature.js';
import { assertNoLinks } from './safe-path.js';

/** feature.json, its feature folder, features/ and .automaker/: none may be a link (safe-path.ts says why). */
const FEATURE_FILE_DEPTH = 4;

/** What one read of a feature.json found. `version` identifies the exact bytes (a hash), `stat` the file. */
export type FeatureRead =
  | { kind: 'missing' }
  | { kind: 'ok'; feature: Feature; version: FileVersion; raw: Record<string, unknown>; bytes: Buffer }
  | { kind: 'corrupt'; error: string; version: FileVersion };

export interface FileVersion {
  ino: number;
  mtimeMs: number;
  size: number;
  hash: string;
}

/** Errors of the machine, not of the feature: never reported or cached as a corrupt feature. */
const OUT_OF_FILES = new Set(['EMFILE', 'ENFILE', 'EAGAIN']);
const HALF_WRITTEN_RETRIES = 3;
/** A file written this recently has an active writer; its late in-place writes are waited for this long. */
const ACTIVE_WRITER_MS = 2000;
const LATE_WRITE_GRACE_MS = 2;
/** Waits (1, 2, 4 … ms) for a live writer to put its file in place before a set-aside copy counts as abandoned. */
const SET_ASIDE_WAITS = 7;

export function sameFile(a: { ino: number; mtimeMs: number; size: number }, b: { ino: number; mtimeMs: number; size: number }): boolean {
  return a.ino === b.ino && a.mtimeMs === b.mtimeMs && a.size === b.size;
}

export function hashText(text: string | Buffer): string {
  return createHash('sha1').update(text).digest('base64url');
}

/**
 * Reads and parses one feature.json. A missing file is `missing`; bad JSON or a shape that is not a feature is
 * `corrupt` (the file's fault). Anything else the filesystem says (EACCES, EIO, running out of open files after a
 * few waits) is thrown: it is the machine's, and says nothing about the feature.
 */
export async function readFeatureFile(file: string, id: string): Promise<FeatureRead> {
  assertNoLinks(file, FEATURE_FILE_DEPTH);
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(file, 'r');
      let info: Stats;
      let text: Buffer;
      try {
        info = await handle.stat();
        text = await handle.readFile();
      } finally {
        await handle.close();
      }
      const read = parseFeature(text, id, { ino: info.ino, mtimeMs: info.mtimeMs, size: info.size, hash: hashText(text) });
      // An editor writing in place truncates first: a file that does not parse is read again before it counts as corrupt.
      if (read.kind === 'corrupt' && attempt < HALF_WRITTEN_RETRIES) {
        await sleep(5 * (attempt + 1));
        continue;
      }
      return read;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        if (code === 'ENOENT' && attempt < 20 && (await recoverSetAside(file, attempt))) continue;
        return { kind: 'missing' };
      }
      if (!code || !OUT_OF_FILES.has(code) || attempt >= 8) throw error;
      await sleep(10 * 2 ** attempt);
    }
  }
}

/**
 * readFeatureFile for the few files a call re-reads under the board lock: one synchronous read (microseconds for a
 * feature.json; no thread-pool round trips while other sessions wait for the lock). Anything unusual — missing,
 * not parsing yet, an error — takes the patient path above.
 */
export async function readFeatureFileNow(file: string, id: string): Promise<FeatureRead> {
  assertNoLinks(file, FEATURE_FILE_DEPTH);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return readFeatureFile(file, id);
  }
  let read: FeatureRead;
  try {
    const info = fstatSync(fd);
    const text = readAll(fd, info.size);
    read = parseFeature(text, id, { ino: info.ino, mtimeMs: info.mtimeMs, size: info.size, hash: hashText(text) });
  } catch {
    return readFeatureFile(file, id);
  } finally {
    closeSync(fd);
  }
  return read.kind === 'ok' ? read : readFeatureFile(file, id);
}

/** How many files a call reads at once with readFeatureFileNow (a catch-up, a transaction's own features). */
const READ_NOW_LIMIT = 64;

/** readFeatureFileNow for the few files under the board lock, readFeatureFile (side by side) for a scan. */
export function readerFor(count: number): (file: string, id: string) => Promise<FeatureRead> {
  return count <= READ_NOW_LIMIT ? readFeatureFileNow : readFeatureFile;
}

/** Whether the file on disk is not the version held (changed, created, or removed); synchronous (one stat). */
export function changedOnDiskNow(file: string, known: FileVersion | undefined): boolean {
  let info: Stats | undefined;
  try {
    info = statSync(file, { throwIfNoEntry: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw error;
  }
  return info ? !known || !sameFile(known, info) : known !== undefined;
}

function parseFeature(text: Buffer, id: string, version: FileVersion): FeatureRead {
  let raw: unknown;
  try {
    raw = JSON.parse(text.toString('utf8'));
  } catch (error) {
    return { kind: 'corrupt', error: `invalid JSON: ${(error as Error).message}`, version };
  }
  try {
    return { kind: 'ok', feature: featureFromDisk(raw, id), version, raw: raw as Record<string, unknown>, bytes: text };
  } catch (error) {
    return { kind: 'corrupt', error: (error as Error).message, version };
  }
}

export function serializeFeature(feature: Record<string, unknown>): string {
  return `${JSON.stringify(feature, null, 2)}\n`;
}

/** Where a writer keeps the file it is replacing, for the instant between taking it away and putting its own. */
export const SET_ASIDE = '.set-aside-';

/**
 * Replaces feature.json with `text` only if the file still holds the bytes `expected` (undefined: no file yet).
 * Returns false, having changed nothing of anyone else's, when someone else wrote it since: the caller re-reads
 * and tries again. Without an atomic compare-and-swap, the file is taken away by rename (so a writer renaming
 * theirs into place cannot be overwritten), checked, and ours is linked in (which fails if someone wrote in the
 * meantime). For that instant there is no feature.json: readers of this store wait for it, and put the set-aside
 * file back if its writer died.
 */
export async function replaceFeatureFile(file: string, text: string | Buffer, expected: FileVersion | undefined): Promise<boolean> {
  assertNoLinks(file, FEATURE_FILE_DEPTH);
  const temp = writeTemp(file, text);
  try {
    return swapIfUnchanged(file, temp, expected, hashText(text));
  } finally {
    unlinkQuietly(temp); // on success `file` is a second name of the same data
  }
}

/** Synchronous: it runs under the board lock, where thread-pool round trips only keep other sessions waiting. */
function writeTemp(file: string, text: string | Buffer): string {
  const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fd = openSync(temp, 'wx', 0o644);
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temp;
}

function swapIfUnchanged(file: string, temp: string, expected: FileVersion | undefined, ours: string): boolean {
  if (!expected) return linkUnlessExists(temp, file);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false; // deleted outside since we read it
    throw error;
  }
  const aside = `${file}${SET_ASIDE}${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const before = fstatSync(fd);
    if (before.ino !== expected.ino || before.size !== expected.size || hashText(readAll(fd, before.size)) !== expected.hash) return false;
    // From here to the link, feature.json is absent: three system calls.
    try {
      renameSync(file, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    const taken = statSync(aside);
    if (taken.ino !== before.ino || taken.size !== before.size || taken.mtimeMs !== before.mtimeMs) {
      linkUnlessExists(aside, file); // someone's newer version: back it goes, unless an even newer one is there
      unlinkQuietly(aside);
      return false;
    }
    if (!linkUnlessExists(temp, file)) {
      unlinkQuietly(aside); // someone wrote a new file meanwhile: it is newer than the one we set aside
      return false;
    }
    if (lateWriteInto(fd, before)) {
      // Someone who opened the old file before we set it aside wrote into it: theirs goes back on top of ours.
      const theirs = readAll(fd, fstatSync(fd).size);
      const ourVersion = { ...statVersion(temp), hash: ours };
      const back = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
      writeFileSync(back, theirs, { flag: 'wx', mode: 0o644 });
      try {
        swapIfUnchanged(file, back, ourVersion, hashText(theirs));
      } finally {
        unlinkQuietly(back);
      }
      unlinkQuietly(aside);
      return false;
    }
    unlinkQuietly(aside);
    return true;
  } finally {
    closeSync(fd);
  }
}

/** Whether the set-aside file changed after our check, waiting a moment for a writer that is active right now. */
function lateWriteInto(fd: number, before: { size: number; mtimeMs: number }): boolean {
  const changed = () => {
    const after = fstatSync(fd);
    return after.size !== before.size || after.mtimeMs !== before.mtimeMs;
  };
  if (changed()) return true;
  if (Date.now() - before.mtimeMs >= ACTIVE_WRITER_MS) return false;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, LATE_WRITE_GRACE_MS);
  return changed();
}

function statVersion(file: string): { ino: number; mtimeMs: number; size: number } {
  const info = statSync(file);
  return { ino: info.ino, mtimeMs: info.mtimeMs, size: info.size };
}

function linkUnlessExists(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

function readAll(fd: number, size: number): Buffer {
  const buffer = Buffer.alloc(size);
  let offset = 0;
  while (offset < size) {
    const n = readSync(fd, buffer, offset, size - offset, offset);
    if (n === 0) break;
    offset += n;
  }
  return buffer.subarray(0, offset);
}

/**
 * feature.json is missing but its folder has a set-aside copy: a writer is between taking the file away and
 * putting its own (wait for it), or died there (put the copy back). Returns whether to read again.
 */
export async function recoverSetAside(file: string, attempt: number): Promise<boolean> {
  const dir = dirname(file);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.startsWith(`${basename(file)}${SET_ASIDE}`));
  } catch {
    return false;
  }
  // No copy left: read again if another recoverer put the file back meanwhile, else it is really missing.
  if (names.length === 0) return existsSync(file);
  if (attempt < SET_ASIDE_WAITS) {
    await sleep(2 ** attempt);
    return true;
  }
  const newest = (
    await Promise.all(names.map(async (n) => ({ n, at: (await stat(join(dir, n)).catch(() => undefined))?.mtimeMs ?? -1 })))
  ).sort((a, b) => b.at - a.at)[0];
  try {
    if (newest && newest.at >= 0) linkUnlessExists(join(dir, newest.n), file);
  } catch (error) {
    // Another recoverer (the request path and the background check both read) put this copy back and removed it first.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  for (const n of names) unlinkQuietly(join(dir, n));
  return true;
}
