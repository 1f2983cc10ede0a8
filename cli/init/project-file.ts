/**
 * Reading and writing `.mcp.json` (and its `.bak`) in a folder that may be a hostile clone: a symlink is never
 * followed (it could point at a shell rc file or ~/.claude.json), a read-only file is refused rather than
 * replaced, the file keeps its mode, and a folder that cannot be written is one sentence, not a stack trace.
 */
import type { Stats } from 'node:fs';
import { copyFile, lstat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

/** A refusal init reports as its one line. */
export class ProjectFileError extends Error {}

export interface ExistingFile {
  exists: boolean;
  /** Permission bits of the existing file. */
  mode?: number;
}

/** What is at `file`, refusing anything but a regular, writable file (or nothing). */
export async function inspectWritableFile(file: string): Promise<ExistingFile> {
  let info: Stats;
  try {
    info = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false };
    throw new ProjectFileError(`${basename(file)} could not be inspected (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  if (info.isSymbolicLink()) {
    throw new ProjectFileError(
      `${basename(file)} is a symbolic link; init never writes through a link — replace it with a regular file (or remove it), then run init again.`,
    );
  }
  if (!info.isFile()) throw new ProjectFileError(`${basename(file)} is not a regular file; move it away, then run init again.`);
  if ((info.mode & 0o222) === 0) {
    throw new ProjectFileError(
      `${basename(file)} is read-only; init does not replace it — make it writable (chmod u+w) if you want it updated.`,
    );
  }
  return { exists: true, mode: info.mode & 0o7777 };
}

/** Copies `file` to `backup` (which must not be a link) without following a link planted at `backup`. */
export async function backUp(file: string, backup: string): Promise<void> {
  await inspectWritableFile(backup);
  await guardWrite(backup, () => copyFile(file, backup));
}

/** Writes `text` atomically with the given mode (the old file's, else 0644). */
export async function writeProjectFile(file: string, text: string, mode = 0o644): Promise<void> {
  const { default: writeFileAtomic } = await import('write-file-atomic');
  await guardWrite(file, () => writeFileAtomic(file, text, { fsync: true, mode }));
}

async function guardWrite(file: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new ProjectFileError(
        `cannot write ${file}: the folder ${dirname(file)} is read-only for this user; run init where you can write, or use --print.`,
      );
    }
    throw new ProjectFileError(`could not write ${file} (${code ?? (error as Error).message}).`);
  }
}
