import { statSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConflictError, NotFoundError } from '../../../shared/errors.js';
import { type BoardLocation, RUNTIME_FILES, RUNTIME_PATHS } from './board-location.js';
import { excludeFromGit } from '../git/repo.js';
import { FEATURE_ID_PATTERN, type Feature } from './feature.js';
import { changedOnDiskNow, type FeatureRead, readFeatureFile, readerFor, sameFile } from './feature-file.js';
import { forEachBounded, OPEN_FILES } from './bounded.js';
import { Journal, type JournalStat } from './journal.js';
import { IndexKeeper, NO_JOURNAL, readBoardIndex } from './board-index.js';
import { BackgroundCheck } from './background-check.js';
import { SweepLease } from './sweep-lease.js';
import { withBoardLock } from './board-lock.js';
import { BoardDialect } from './board-dialect.js';
import { BoardMemory } from './board-memory.js';
import type { BoardSnapshot, BoardWrites } from './board-snapshot.js';
import { restoreFiles, type UndoLog, writeChanges } from './write-changes.js';
import type { Dialect } from './dialect.js';
import { inDialect } from './disk-shape.js';

export type { BoardSnapshot, BoardWrites, CorruptFeature } from './board-snapshot.js';
export type { UndoLog };

const JOURNAL_FILE = '.journal';
const INDEX_FILE = '.index.json';
/** A transaction whose features keep changing outside the server under it gives up after this many tries. */
const ATTEMPTS = 5;

/**
 * The board's features on disk, one `feature.json` per folder, kept parsed in memory per process.
 *
 * - A call catches up in O(changes): writers append the ids they touched to a journal; a reader re-reads only
 *   those, plus new or removed folders when the features folder changed. A background check compares every
 *   file's stat over a few seconds, so edits made outside the server (the Automaker app, an editor) are seen
 *   without a sweep in the request path.
 * - A session's first call loads a persisted index (one file) and replays the journal since it; without a usable
 *   index it scans the board, at most a few dozen files open at once, and writes the index for the next session.
 * - Every read-modify-write runs in `transaction`, under one inter-process lock, and compares each feature it
 *   writes with the bytes on disk first: if anyone changed it since it was read, the change is re-read and the
 *   transaction runs again on it, so nobody's update is reverted.
 * - Errors of the machine (out of open files, permission denied on the folder) are thrown, never remembered as
 *   a corrupt feature.
 */
export class FeatureStore {
  private readonly memory: BoardMemory;
  private readonly journal: Journal;
  private readonly check: BackgroundCheck;
  private loaded = false;
  private journalAt?: { ino: number; offset: number; partialLine: boolean };
  private dirMtime?: number;
  private readonly index: IndexKeeper;
  /** Every change to the in-memory board runs in this chain, so a transaction sees no change it did not read. */
  private queue: Promise<unknown> = Promise.resolve();
  private prepared = false;
  private readonly vocabulary: BoardDialect;

  constructor(readonly location: BoardLocation) {
    this.journal = new Journal(join(location.featuresDir, JOURNAL_FILE));
    this.vocabulary = new BoardDialect(location);
    this.memory = new BoardMemory(this.vocabulary);
    this.index = new IndexKeeper(join(location.featuresDir, INDEX_FILE), (fn) => this.exclusive(fn));
    this.check = new BackgroundCheck(
      {
        ids: () => this.memory.ids(),
        known: (id) => this.memory.version(id),
        file: (id) => this.featureFile(id),
        changed: (ids) => this.recordOutsideChanges(ids),
      },
      new SweepLease(join(location.automakerDir, RUNTIME_FILES.sweep)),
    );
  }

  /** Outside features/ so taking the lock does not change the folder's stamp (which would force rescans). */
  get lockPath(): string {
    return join(this.location.automakerDir, RUNTIME_FILES.lock);
  }

  featureDir(id: string): string {
    return join(this.location.featuresDir, id);
  }

  private featureFile(id: string): string {
    return join(this.featureDir(id), 'feature.json');
  }

  /** The board's vocabulary: the setting, else what the statuses on disk say (as of the last catch-up). */
  get dialect(): Dialect {
    return this.vocabulary.dialect;
  }

  /** The board as of now. The map is the store's own: read it, never change it. */
  async snapshot(): Promise<BoardSnapshot> {
    this.check.touch();
    return this.exclusive(async () => {
      await this.catchUp();
      return this.memory.view();
    });
  }

  /** One feature, fresh from disk. */
  async get(id: string): Promise<Feature> {
    const read = await readFeatureFile(this.featureFile(id), id);
    if (read.kind === 'missing') throw new NotFoundError(`No feature ${id}; feature_list shows the ids.`);
    if (read.kind === 'corrupt')
      throw new ConflictError(`Feature ${id}'s feature.json is corrupt (${read.error}); fix or delete the file.`);
    return inDialect(read.feature, this.dialect);
  }

  /**
   * Runs `fn` on the current board under the board lock and then writes what it saved or removed. A throw writes
   * nothing, so a refused multi-feature change leaves the board untouched. Each saved feature is compared with
   * its file first: changed since it was read (by anyone) → re-read and run `fn` again.
   */
  async transaction<T>(fn: (board: BoardSnapshot, writes: BoardWrites) => T | Promise<T>, undo?: UndoLog): Promise<T> {
    this.check.touch();
    await this.prepare();
    return withBoardLock(this.lockPath, () =>
      this.exclusive(async () => {
        for (let attempt = 1; ; attempt++) {
          await this.catchUp();
          const saves = new Map<string, Feature>();
          const removals = new Set<string>();
          const result = await fn(this.memory.view(), {
            save: (feature) => saves.set(feature.id, feature),
            remove: (id) => removals.add(id),
          });
          if (saves.size === 0 && removals.size === 0) return result;
          const changed = await this.commit(saves, removals, undo);
          if (changed.length === 0) return result;
          await this.reload(changed);
          if (attempt >= ATTEMPTS) {
            throw new ConflictError(
              `${changed.join(', ')} kept being changed outside the server while this call ran (${ATTEMPTS} tries); call again.`,
            );
          }
        }
      }),
    );
  }

  /** Writes the transaction's changes; returns the ids someone else changed under it (then nothing more is written). */
  private async commit(saves: Map<string, Feature>, removals: Set<string>, undo?: UndoLog): Promise<string[]> {
    const { changed, touched } = await writeChanges(
      {
        featureDir: (id) => this.featureDir(id),
        featureFile: (id) => this.featureFile(id),
        known: (id) => this.memory.version(id),
        dialect: this.dialect,
        remember: (id, version, feature) => this.memory.remember(id, { version, feature }),
        forget: (id) => this.memory.forget(id),
      },
      saves,
      removals,
      undo,
    );
    if (touched.length > 0) await this.record(touched);
    return changed;
  }

  /**
   * Puts back what a transaction with this log wrote, byte for byte (a new feature is removed), where nobody has
   * changed the file since. Returns the ids left alone because they had changed.
   */
  async undo(log: UndoLog): Promise<string[]> {
    this.check.touch();
    return withBoardLock(this.lockPath, () =>
      this.exclusive(async () => {
        await this.catchUp();
        const { skipped, touched } = await restoreFiles(
          { featureDir: (id) => this.featureDir(id), featureFile: (id) => this.featureFile(id) },
          log,
        );
        await this.reload(touched);
        if (touched.length > 0) await this.record(touched);
        return skipped;
      }),
    );
  }

  /**
   * Edits the background check found: re-read under the lock and put in the journal, so every other session
   * re-reads just these (ids another session of ours wrote meanwhile come from the journal and drop out here).
   */
  private async recordOutsideChanges(ids: string[]): Promise<void> {
    await withBoardLock(this.lockPath, () =>
      this.exclusive(async () => {
        await this.catchUp();
        const changed = ids.filter((id) => changedOnDiskNow(this.featureFile(id), this.memory.version(id)));
        if (changed.length === 0) return;
        await this.reload(changed);
        await this.record(changed);
      }),
    );
  }

  /**
   * Appends the touched ids to the journal. We hold the lock and read the journal to its end first, so our
   * position follows our own line (a new folder still makes the next call list the folder once).
   */
  private async record(ids: string[]): Promise<void> {
    const at = this.journalAt;
    const appended = await this.journal.append(ids, at?.partialLine ?? false);
    if (at && at.ino !== appended.ino) return;
    const current = this.journal.needsRotation(appended.size) ? await this.journal.rotate() : appended;
    this.journalAt = { ino: current.ino, offset: current.size, partialLine: false };
    this.maybeWriteIndex();
  }

  /** Brings the in-memory board up to date with the disk: O(changes) once loaded. Runs inside `exclusive`. */
  private async catchUp(): Promise<void> {
    await this.vocabulary.refreshSetting();
    const [journal, dir] = await Promise.all([this.journal.stat(), dirStat(this.location.featuresDir)]);
    if (!dir) {
      this.memory.clear();
      this.loaded = true;
      this.dirMtime = undefined;
      this.journalAt = undefined;
      return;
    }
    if (!this.loaded) return this.load(journal, dir.mtimeMs);
    await this.followJournal(journal);
    if (dir.mtimeMs !== this.dirMtime) await this.reconcileFolders(dir.mtimeMs);
  }

  private async followJournal(journal: JournalStat | undefined): Promise<void> {
    const at = this.journalAt;
    if (!journal) {
      if (at) await this.verifyAll(); // the journal was deleted: what it said since our position is lost
      this.journalAt = undefined;
      return;
    }
    // The position moves only once the re-reads succeeded: a machine error (out of files) is retried next call.
    if (at && (journal.ino !== at.ino || journal.size < at.offset)) {
      // A new journal (rotated, or deleted and recreated): check every file once.
      await this.verifyAll();
      this.journalAt = { ino: journal.ino, offset: journal.size, partialLine: false };
      return;
    }
    const offset = at?.offset ?? 0;
    if (journal.size === offset) return;
    const { ids, next } = await this.journal.read(offset, journal.size);
    await this.reload([...ids]);
    this.journalAt = { ino: journal.ino, offset: next, partialLine: next < journal.size };
  }

  /** The first call: the index and the journal since it, or a bounded scan of every file. */
  private async load(journal: JournalStat | undefined, dirMtime: number): Promise<void> {
    try {
      await this.loadFrom(journal, dirMtime);
    } catch (error) {
      // A machine error half-way (out of open files, permission denied): nothing of it is kept; the next call loads again.
      this.loaded = false;
      this.memory.clear();
      throw error;
    }
  }

  private async loadFrom(journal: JournalStat | undefined, dirMtime: number): Promise<void> {
    const index = await readBoardIndex(this.index.file);
    this.memory.clear();
    if (index) {
      for (const [id, entry] of index.entries) this.memory.remember(id, entry);
      this.index.written = index.journal;
      this.loaded = true;
      const sameJournal = journal
        ? journal.ino === index.journal.ino && journal.size >= index.journal.offset
        : index.journal.ino === NO_JOURNAL;
      if (sameJournal) {
        this.journalAt = journal ? { ino: index.journal.ino, offset: index.journal.offset, partialLine: false } : undefined;
        await this.followJournal(journal);
        await this.reconcileFolders(dirMtime);
      } else {
        this.journalAt = journal ? { ino: journal.ino, offset: journal.size, partialLine: false } : undefined;
        this.dirMtime = dirMtime;
        await this.verifyAll();
        this.index.written = undefined;
      }
    } else {
      // Position first: whatever is written while we scan is re-read from the journal on the next call.
      this.journalAt = journal ? { ino: journal.ino, offset: journal.size, partialLine: false } : undefined;
      this.loaded = true;
      await this.reconcileFolders(dirMtime);
    }
    this.maybeWriteIndex();
    this.check.start();
  }

  /** Adds new folders and drops vanished ones (a feature created or deleted outside the server). */
  private async reconcileFolders(dirMtime: number): Promise<void> {
    const names = await readdir(this.location.featuresDir);
    this.dirMtime = undefined; // set again once every new folder is read, so a failure here is retried
    this.memory.badFolders.clear();
    const present = new Set<string>();
    const added: string[] = [];
    for (const name of names) {
      if (name.startsWith('.')) continue;
      if (!FEATURE_ID_PATTERN.test(name)) {
        this.memory.badFolders.set(name.slice(0, 80), 'folder name is not a valid feature id');
        continue;
      }
      present.add(name);
      if (!this.memory.entries.has(name)) added.push(name);
    }
    for (const id of this.memory.ids()) if (!present.has(id)) this.memory.forget(id);
    await this.reload(added);
    this.dirMtime = dirMtime;
  }

  /** Compares every file's stat with what we hold and re-reads those that differ (a new journal, a stale index). */
  private async verifyAll(): Promise<void> {
    const dir = await dirStat(this.location.featuresDir);
    if (!dir) return this.memory.clear();
    await this.reconcileFolders(dir.mtimeMs);
    const changed: string[] = [];
    await forEachBounded(this.memory.ids(), OPEN_FILES, async (id) => {
      const known = this.memory.entries.get(id);
      try {
        const info = await stat(this.featureFile(id));
        if (!known || !sameFile(known.version, info)) changed.push(id);
      } catch {
        changed.push(id);
      }
    });
    await this.reload(changed);
  }

  /** Re-reads these features from disk (at most OPEN_FILES at once). */
  private async reload(ids: readonly string[]): Promise<void> {
    const reads = new Map<string, FeatureRead>();
    const read = readerFor(ids.length);
    await forEachBounded(ids, OPEN_FILES, async (id) => {
      reads.set(id, await read(this.featureFile(id), id));
    });
    this.memory.apply(reads);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Rewrites the index in the background when there is none or it lags far behind the journal. */
  private maybeWriteIndex(): void {
    if (!this.loaded) return;
    this.index.maybeWrite(this.journalAt, () => ({
      journal: { ino: this.journalAt?.ino ?? NO_JOURNAL, offset: this.journalAt?.offset ?? 0 },
      entries: new Map(this.memory.entries),
    }));
  }

  /**
   * Stops the background work — the check of outside edits (its lease given back) and an index write not started —
   * and resolves once none runs any more, so the board's folder can be removed. The store still answers calls.
   */
  async close(): Promise<void> {
    await this.check.stop();
    await this.index.settle();
  }

  /** Creates `.automaker/features/` and keeps runtime state out of git (never by editing .gitignore). */
  private async prepare(): Promise<void> {
    if (this.prepared) return;
    await mkdir(this.location.featuresDir, { recursive: true });
    await excludeFromGit(this.location, RUNTIME_PATHS);
    this.prepared = true;
  }
}

async function dirStat(dir: string): Promise<{ mtimeMs: number } | undefined> {
  try {
    return statSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
