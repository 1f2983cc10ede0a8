import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import type { Feature } from './feature.js';
import type { FileVersion } from './feature-file.js';

/** 2: features carry appStatus (the status as stored, when we map it). */
const FORMAT = 2;

export interface IndexedFeature {
  version: FileVersion;
  feature?: Feature;
  error?: string;
}

/** Every feature as one process last knew it, and the journal position that knowledge corresponds to. */
export interface BoardIndex {
  journal: { ino: number; offset: number };
  entries: Map<string, IndexedFeature>;
}

/**
 * A persisted copy of the parsed board, so a session's first call reads one file instead of N. It is only a cache:
 * every entry carries the stat and hash of the file it came from, the journal since `offset` is replayed on load,
 * and the background check re-reads any file whose stat differs. Anything unreadable or of another format is
 * ignored (the board is scanned and the index rewritten).
 */
export async function readBoardIndex(file: string): Promise<BoardIndex | undefined> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
  const value = raw as { format?: unknown; journal?: { ino?: unknown; offset?: unknown }; entries?: unknown };
  if (value?.format !== FORMAT || !Array.isArray(value.entries)) return undefined;
  const { ino, offset } = value.journal ?? {};
  if (typeof ino !== 'number' || typeof offset !== 'number') return undefined;
  const entries = new Map<string, IndexedFeature>();
  for (const entry of value.entries as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 3 || typeof entry[0] !== 'string') return undefined;
    const [id, version, body] = entry as [string, FileVersion, { feature?: Feature; error?: string }];
    if (typeof version?.hash !== 'string' || typeof version.ino !== 'number') return undefined;
    if (body?.feature && body.feature.id !== id) return undefined;
    entries.set(id, { version, ...(body?.feature ? { feature: body.feature } : { error: String(body?.error ?? 'unreadable') }) });
  }
  return { journal: { ino, offset }, entries };
}

/** Writes the index atomically (temp file and rename); two processes writing at once each leave a consistent one. */
export async function writeBoardIndex(file: string, index: BoardIndex): Promise<void> {
  const parts: string[] = [];
  for (const [id, entry] of index.entries) {
    parts.push(JSON.stringify([id, entry.version, entry.feature ? { feature: entry.feature } : { error: entry.error }]));
  }
  const text = `{"format":${FORMAT},"journal":${JSON.stringify(index.journal)},"entries":[\n${parts.join(',\n')}\n]}\n`;
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(temp, text);
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** The journal position of the index on disk, from its first bytes (where writeBoardIndex puts it). */
export function readIndexPosition(file: string): { ino: number; offset: number } | undefined {
  const head = Buffer.alloc(160);
  let length = 0;
  try {
    const fd = openSync(file, 'r');
    try {
      length = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const match = /^\{"format":(\d+),"journal":\{"ino":(-?\d+),"offset":(\d+)\}/.exec(head.subarray(0, length).toString('utf8'));
  if (!match || Number(match[1]) !== FORMAT) return undefined;
  return { ino: Number(match[2]), offset: Number(match[3]) };
}

/** The index position of a board no server of ours has written to yet (no journal): valid while there is none. */
export const NO_JOURNAL = -1;
/** The index is rewritten once the journal has grown this much past it (about a thousand transactions). */
const INDEX_LAG_BYTES = 64 * 1024;

/**
 * Keeps a board's index current without holding up a call: rewritten in the background (inside the store's
 * exclusive chain) when there is none, or when it lags far behind the journal.
 */
export class IndexKeeper {
  /** The journal position the index on disk corresponds to, when we know it. */
  written?: { ino: number; offset: number };
  /** The write due or running, and how to call off one that has not started. */
  private pending?: { done: Promise<void>; cancel: () => void };

  constructor(
    readonly file: string,
    private readonly exclusive: (fn: () => Promise<void>) => Promise<void>,
  ) {}

  /** `at`: our journal position now; `entries`: called when the write runs, for the board as it is then. */
  maybeWrite(at: { ino: number; offset: number } | undefined, current: () => BoardIndex): void {
    if (this.pending || !this.lagging(at, this.written)) return;
    // another session may have written it since (with several sessions, each would rewrite the same index)
    const onDisk = readIndexPosition(this.file);
    if (onDisk && !this.lagging(at, onDisk)) {
      this.written = onDisk;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    let finish!: () => void;
    const done = new Promise<void>((resolve) => {
      finish = () => {
        this.pending = undefined;
        resolve();
      };
    });
    timer = setTimeout(() => {
      timer = undefined;
      void this.exclusive(async () => {
        const index = current();
        await writeBoardIndex(this.file, index);
        this.written = index.journal;
      })
        .catch(() => undefined)
        .finally(finish);
    }, 50);
    timer.unref();
    this.pending = {
      done,
      cancel: () => {
        if (!timer) return; // already writing: let it finish
        clearTimeout(timer);
        finish();
      },
    };
  }

  /** Calls off a write that has not started and waits for one that has (a later maybeWrite may write again). */
  async settle(): Promise<void> {
    const pending = this.pending;
    pending?.cancel();
    await pending?.done;
  }

  private lagging(at: { ino: number; offset: number } | undefined, written: { ino: number; offset: number } | undefined): boolean {
    if (!written) return true;
    return at ? written.ino !== at.ino || at.offset - written.offset > INDEX_LAG_BYTES : written.ino !== NO_JOURNAL;
  }
}
