import { randomBytes } from 'node:crypto';
import { appendFileSync, closeSync, openSync, readSync, statSync } from 'node:fs';
import { rename, stat, writeFile } from 'node:fs/promises';
import { FEATURE_ID_PATTERN } from './feature.js';

export interface JournalStat {
  ino: number;
  size: number;
}

/** Past this size the next writer starts a new journal; readers that see a new file check every feature once. */
const ROTATE_BYTES = 1 << 20;

/**
 * The ids every transaction touched, one line per transaction, appended after its files are written. A reader
 * that remembers how far it read re-reads only those features: O(changes) per call instead of a stat of every
 * feature.json. A line is only a hint to re-read; a lost or garbled line is covered by the background check of
 * every file's stat, and a spurious id costs one read. Reads and appends are synchronous: they run under the board
 * lock (or just before it), are small, and thread-pool round trips there only keep other sessions waiting.
 */
export class Journal {
  constructor(readonly file: string) {}

  async stat(): Promise<JournalStat | undefined> {
    try {
      const info = statSync(this.file);
      return { ino: info.ino, size: info.size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** The ids on the complete lines between `offset` and `size`, and where the next read starts. */
  async read(offset: number, size: number): Promise<{ ids: Set<string>; next: number }> {
    const length = size - offset;
    const buffer = Buffer.alloc(length);
    const fd = openSync(this.file, 'r');
    let read = 0;
    try {
      while (read < length) {
        const bytesRead = readSync(fd, buffer, read, length - read, offset + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
    } finally {
      closeSync(fd);
    }
    const complete = buffer.lastIndexOf(10, read - 1);
    const ids = new Set<string>();
    if (complete < 0) return { ids, next: offset };
    for (const token of buffer.subarray(0, complete).toString('utf8').split(/\s+/)) {
      if (FEATURE_ID_PATTERN.test(token)) ids.add(token);
    }
    return { ids, next: offset + complete + 1 };
  }

  /**
   * Appends one transaction's ids (called under the board lock). `afterPartialLine`: a writer died mid-line, so
   * ours starts on a fresh line. Returns the journal's identity and size after the append.
   */
  async append(ids: Iterable<string>, afterPartialLine: boolean): Promise<JournalStat> {
    appendFileSync(this.file, `${afterPartialLine ? '\n' : ''}${[...ids].join(' ')}\n`);
    const info = statSync(this.file);
    return { ino: info.ino, size: info.size };
  }

  needsRotation(size: number): boolean {
    return size > ROTATE_BYTES;
  }

  /** Replaces the journal with an empty one (under the board lock). */
  async rotate(): Promise<JournalStat> {
    const temp = `${this.file}.${randomBytes(4).toString('hex')}`;
    await writeFile(temp, '');
    await rename(temp, this.file);
    const info = await stat(this.file);
    return { ino: info.ino, size: info.size };
  }
}
