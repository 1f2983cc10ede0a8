/**
 * Paths inside the board's own folders (`.automaker/…`), resolved without following symlinks. The board's folders
 * and files are never links: one found there (a planted `.automaker`, feature folder, feature.json, agent-output.md
 * or context folder) could send a write or a read outside the repository and ALLOWED_ROOT_DIRECTORY, so it is an
 * error naming the path, and nothing is read or written through it.
 *
 * API
 *   boardPath(location, ...segments) → mainRoot/.automaker/…segments; ForbiddenError when any existing component
 *     from `.automaker` down is a symlink (or is not a directory where one is needed)
 *   assertNoLinks(path, levels) → throws ForbiddenError when `path` or one of its `levels - 1` nearest folders is a
 *     symlink (a feature.json with levels 4: the file, its feature folder, features/, .automaker/)
 *   readFileNoFollow(path, maxBytes) → { text, size } or undefined when missing: O_NOFOLLOW, at most maxBytes
 *     read from the start (size says how big the file is)
 *   readTailNoFollow(path, maxBytes) → { text, size } or undefined: the last maxBytes of the file
 *   appendNoFollow(path, text) → appends, creating the file (0644) but never through a link
 */
import { constants, lstatSync, type Stats } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ForbiddenError } from '../../../shared/errors.js';

export interface BoardRoot {
  mainRoot: string;
  automakerDir: string;
}

export function boardPath(location: BoardRoot, ...segments: string[]): string {
  let current = location.automakerDir;
  assertNotLink(current);
  for (const segment of segments) {
    if (!segment || segment === '.' || segment === '..' || segment.includes('/') || segment.includes('\0')) {
      throw new ForbiddenError(`"${segment.slice(0, 80)}" is not a name inside the board's folders.`);
    }
    current = join(current, segment);
    if (!assertNotLink(current)) break; // the rest does not exist yet: nothing below can be a link
  }
  return join(location.automakerDir, ...segments);
}

export function assertNoLinks(path: string, levels: number): void {
  const chain: string[] = [];
  for (let current = path, i = 0; i < levels; i++, current = dirname(current)) chain.unshift(current);
  for (const component of chain) if (!assertNotLink(component)) return;
}

/** Whether `path` exists; throws when it is a symlink. */
function assertNotLink(path: string): boolean {
  let info: Stats;
  try {
    info = lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw error;
  }
  if (info.isSymbolicLink()) {
    throw new ForbiddenError(
      `${path} is a symbolic link; the board never follows links in its own folders — replace it with a real folder or file.`,
      {
        path,
      },
    );
  }
  return true;
}

export interface ReadPart {
  text: string;
  /** The whole file's size in bytes. */
  size: number;
}

export async function readFileNoFollow(path: string, maxBytes: number): Promise<ReadPart | undefined> {
  return withNoFollow(path, constants.O_RDONLY, async (handle) => {
    const { size } = await handle.stat();
    return { text: await readAt(handle, 0, Math.min(size, maxBytes)), size };
  });
}

export async function readTailNoFollow(path: string, maxBytes: number): Promise<ReadPart | undefined> {
  return withNoFollow(path, constants.O_RDONLY, async (handle) => {
    const { size } = await handle.stat();
    const length = Math.min(size, maxBytes);
    return { text: await readAt(handle, size - length, length), size };
  });
}

export async function appendNoFollow(path: string, text: string): Promise<void> {
  await withNoFollow(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, (handle) => handle.appendFile(text), 0o644);
}

async function withNoFollow<T>(path: string, flags: number, fn: (handle: FileHandle) => Promise<T>, mode?: number): Promise<T | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, flags | constants.O_NOFOLLOW, mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') {
      throw new ForbiddenError(
        `${path} is a symbolic link; the board never follows links in its own folders — replace it with a real file.`,
        { path },
      );
    }
    throw error;
  }
  try {
    if (!(await handle.stat()).isFile()) throw new ForbiddenError(`${path} is not a regular file.`, { path });
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<string> {
  const buffer = Buffer.alloc(length);
  let offset = 0;
  while (offset < length) {
    const { bytesRead } = await handle.read(buffer, offset, length - offset, position + offset);
    if (bytesRead === 0) break;
    offset += bytesRead;
  }
  return buffer.subarray(0, offset).toString('utf8');
}
