import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConflictError, NotFoundError } from '../../../shared/errors.js';
import type { BoardLocation } from './board-location.js';
import { excludeFromGit } from '../git/repo.js';
import { FEATURE_ID_PATTERN, type Feature, featureFromDisk } from './feature.js';
import {
  type FeatureRead,
  type FileVersion,
  readFeatureFile,
  replaceFeatureFile,
  sameFile,
  serializeFeature,
  hashText,
} from './feature-file.js';
import { forEachBounded, OPEN_FILES } from './bounded.js';
import { Journal, type JournalStat } from './journal.js';
import { type BoardIndex, readBoardIndex, writeBoardIndex } from './board-index.js';
import { BackgroundCheck } from './background-check.js';
import { withBoardLock } from './board-lock.js';
import { readBoardSettings } from './board-settings.js';
import { type Dialect, detectDialect, priorityEvidence, statusEvidence } from './dialect.js';
import { diskShape, inDialect } from './disk-shape.js';

export interface CorruptFeature {
  id: string;
  error: string;
}

export interface BoardSnapshot {
  features: ReadonlyMap<string, Feature>;
  corrupt: CorruptFeature[];
  /** The vocabulary the board is written in (features here are always in ours); absent: canonical. */
  dialect?: Dialect;
}

/** Changes collected by a transaction and written only if it completes without throwing. */
export interface BoardWrites {
  save(feature: Feature): void;
  remove(id: string): void;
}

/** What a transaction replaced, so a caller whose next step failed can put the files back exactly as they were. */
export type UndoLog = Map<string, { before?: Buffer; afterHash: string }>;

interface Entry {
  version: FileVersion;
  feature?: Feature;
  error?: string;
}

const JOURNAL_FILE = '.journal';
const INDEX_FILE = '.index.json';
/** A transaction whose features keep changing outside the server under it gives up after this many tries. */
const ATTEMPTS = 5;
/** The index is rewritten once the journal has grown this much past it (about a thousand transactions). */
const INDEX_LAG_BYTES = 64 * 1024;
/** The index of a board no server of ours has written to yet (no journal): still valid while there is none. */
const NO_JOURNAL = -1;

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
  private readonly entries = new Map<string, Entry>();
  private readonly features = new Map<string, Feature>();
  /** Folder names that are not feature ids, reported with the corrupt features. */
  private readonly badFolders = new Map<string, string>();
  private readonly journal: Journal;
  private readonly check: BackgroundCheck;
  private loaded = false;
  private journalAt?: { ino: number; offset: number; partialLine: boolean };
  private dirMtime?: number;
  private indexOffset?: { ino: number; offset: number };
  private indexWriting = false;
  /** Every change to the in-memory board runs in this chain, so a transaction sees no change it did not read. */
  private queue: Promise<unknown> = Promise.resolve();
  private prepared = false;
  /** How many features' stored statuses are evidence of each dialect (kept as features come and go). */
  private readonly evidence = { automaker: 0, canonical: 0 };
  private dialectSetting?: { stamp: string; dialect?: Dialect };
  /** On an upstream board: the features with priorities on our scale, kept up to date feature by feature. */
  private translated?: { dialect: Dialect; features: Map<string, Feature> };

  constructor(readonly location: BoardLocation) {
    this.journal = new Journal(join(location.featuresDir, JOURNAL_FILE));
    this.check = new BackgroundCheck({
      ids: () => [...this.entries.keys()],
      known: (id) => this.entries.get(id)?.version,
      file: (id) => this.featureFile(id),
      reload: (ids) => this.exclusive(() => this.reload(ids)),
    });
  }

  /** Outside features/ so taking the lock does not change the folder's stamp (which would force rescans). */
  get lockPath(): string {
    return join(this.location.automakerDir, '.features.lock');
  }

  featureDir(id: string): string {
    return join(this.location.featuresDir, id);
  }

  private featureFile(id: string): string {
    return join(this.featureDir(id), 'feature.json');
  }

  /** The board's vocabulary: the setting, else what the statuses on disk say (as of the last catch-up). */
  get dialect(): Dialect {
    return detectDialect(this.evidence, this.dialectSetting?.dialect);
  }

  /** The board as of now. The map is the store's own: read it, never change it. */
  async snapshot(): Promise<BoardSnapshot> {
    return this.exclusive(async () => {
      await this.catchUp();
      return this.view();
    });
  }

  private view(): BoardSnapshot {
    const corrupt: CorruptFeature[] = [...this.badFolders].map(([id, error]) => ({ id, error }));
    for (const [id, entry] of this.entries) if (entry.error !== undefined) corrupt.push({ id, error: entry.error });
    corrupt.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const dialect = this.dialect;
    return { features: dialect === 'canonical' ? this.features : this.translatedFeatures(dialect), corrupt, dialect };
  }

  private translatedFeatures(dialect: Dialect): Map<string, Feature> {
    if (this.translated?.dialect !== dialect) {
      const features = new Map<string, Feature>();
      for (const [id, feature] of this.features) features.set(id, inDialect(feature, dialect));
      this.translated = { dialect, features };
    }
    return this.translated.features;
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
    await this.prepare();
    return withBoardLock(this.lockPath, () =>
      this.exclusive(async () => {
        for (let attempt = 1; ; attempt++) {
          await this.catchUp();
          const saves = new Map<string, Feature>();
          const removals = new Set<string>();
          const result = await fn(this.view(), {
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
    const changed: string[] = [];
    const raws = new Map<string, Record<string, unknown>>();
    const befores = new Map<string, Buffer>();
    await forEachBounded([...saves.keys(), ...removals], OPEN_FILES, async (id) => {
      const read = await readFeatureFile(this.featureFile(id), id);
      const known = this.entries.get(id);
      const onDisk = read.kind === 'missing' ? undefined : read.version.hash;
      if (onDisk !== known?.version.hash) changed.push(id);
      if (read.kind === 'ok') raws.set(id, read.raw);
      if (read.kind === 'ok') befores.set(id, read.bytes);
    });
    if (changed.length > 0) return changed;
    const touched: string[] = [];
    const dialect = this.dialect;
    for (const [id, saved] of saves) {
      await mkdir(this.featureDir(id), { recursive: true });
      const shape = diskShape(saved, raws.get(id), dialect);
      const text = serializeFeature(shape);
      // What is remembered is what a read of the new file gives, so the next write compares with the disk.
      const feature = featureFromDisk(JSON.parse(text), id);
      const file = this.featureFile(id);
      if (!(await replaceFeatureFile(file, text, this.entries.get(id)?.version))) {
        changed.push(id);
        break;
      }
      touched.push(id);
      const before = befores.get(id);
      undo?.set(id, { ...(before ? { before } : {}), afterHash: hashText(text) });
      const info = await stat(file);
      this.remember(id, { version: { ino: info.ino, mtimeMs: info.mtimeMs, size: info.size, hash: hashText(text) }, feature });
    }
    if (changed.length === 0) {
      for (const id of removals) {
        await rm(this.featureDir(id), { recursive: true, force: true });
        this.forget(id);
        touched.push(id);
      }
    }
    if (touched.length > 0) await this.record(touched);
    return changed;
  }

  /**
   * Puts back what a transaction with this log wrote, byte for byte (a new feature is removed), where nobody has
   * changed the file since. Returns the ids left alone because they had changed.
   */
  async undo(log: UndoLog): Promise<string[]> {
    return withBoardLock(this.lockPath, () =>
      this.exclusive(async () => {
        await this.catchUp();
        const skipped: string[] = [];
        const touched: string[] = [];
        for (const [id, { before, afterHash }] of log) {
          const file = this.featureFile(id);
          const read = await readFeatureFile(file, id);
          if (read.kind === 'missing' || read.version.hash !== afterHash) {
            skipped.push(id);
            continue;
          }
          if (before) {
            if (!(await replaceFeatureFile(file, before, read.version))) skipped.push(id);
          } else await rm(this.featureDir(id), { recursive: true, force: true });
          touched.push(id);
        }
        await this.reload(touched);
        if (touched.length > 0) await this.record(touched);
        return skipped;
      }),
    );
  }

  /**
   * Appends the touched ids to the journal. We hold the lock and read the journal to its end first, so our
   * position follows our own line (a new folder still makes the next call list the folder once).
   */
  private async record(ids: string[]): Promise<void> {
    const at = this.journalAt;
    const size = await this.journal.append(ids, at?.partialLine ?? false);
    const appended = await this.journal.stat();
    if (!appended || (at && at.ino !== appended.ino)) return;
    const current = this.journal.needsRotation(size) ? await this.journal.rotate() : { ino: appended.ino, size };
    this.journalAt = { ino: current.ino, offset: current.size, partialLine: false };
    this.maybeWriteIndex();
  }

  /** Brings the in-memory board up to date with the disk: O(changes) once loaded. Runs inside `exclusive`. */
  private async catchUp(): Promise<void> {
    this.check.touch();
    await this.readDialectSetting();
    const [journal, dir] = await Promise.all([this.journal.stat(), dirStat(this.location.featuresDir)]);
    if (!dir) {
      this.clear();
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
      this.clear();
      throw error;
    }
  }

  private async loadFrom(journal: JournalStat | undefined, dirMtime: number): Promise<void> {
    const index = await readBoardIndex(join(this.location.featuresDir, INDEX_FILE));
    this.clear();
    if (index) {
      for (const [id, entry] of index.entries) this.remember(id, entry);
      this.indexOffset = index.journal;
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
        this.indexOffset = undefined;
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
    this.badFolders.clear();
    const present = new Set<string>();
    const added: string[] = [];
    for (const name of names) {
      if (name.startsWith('.')) continue;
      if (!FEATURE_ID_PATTERN.test(name)) {
        this.badFolders.set(name.slice(0, 80), 'folder name is not a valid feature id');
        continue;
      }
      present.add(name);
      if (!this.entries.has(name)) added.push(name);
    }
    for (const id of [...this.entries.keys()]) if (!present.has(id)) this.forget(id);
    await this.reload(added);
    this.dirMtime = dirMtime;
  }

  /** Compares every file's stat with what we hold and re-reads those that differ (a new journal, a stale index). */
  private async verifyAll(): Promise<void> {
    const dir = await dirStat(this.location.featuresDir);
    if (!dir) return this.clear();
    await this.reconcileFolders(dir.mtimeMs);
    const changed: string[] = [];
    await forEachBounded([...this.entries.keys()], OPEN_FILES, async (id) => {
      const known = this.entries.get(id);
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
    await forEachBounded(ids, OPEN_FILES, async (id) => {
      reads.set(id, await readFeatureFile(this.featureFile(id), id));
    });
    for (const [id, read] of reads) {
      if (read.kind === 'missing') this.forget(id);
      else
        this.remember(
          id,
          read.kind === 'ok' ? { version: read.version, feature: read.feature } : { version: read.version, error: read.error },
        );
    }
  }

  private remember(id: string, entry: Entry): void {
    this.countEvidence(this.features.get(id), -1);
    this.entries.set(id, entry);
    if (entry.feature) this.features.set(id, entry.feature);
    else this.features.delete(id);
    this.countEvidence(entry.feature, 1);
    const translated = this.translated;
    if (translated && entry.feature) translated.features.set(id, inDialect(entry.feature, translated.dialect));
    else translated?.features.delete(id);
  }

  private forget(id: string): void {
    this.countEvidence(this.features.get(id), -1);
    this.entries.delete(id);
    this.features.delete(id);
    this.translated?.features.delete(id);
  }

  private clear(): void {
    this.entries.clear();
    this.features.clear();
    this.badFolders.clear();
    this.evidence.automaker = 0;
    this.evidence.canonical = 0;
    this.translated = undefined;
  }

  /** The features in memory hold the stored priority (inDialect maps it for views), so it can count as evidence. */
  private countEvidence(feature: Feature | undefined, delta: number): void {
    if (!feature) return;
    for (const dialect of [statusEvidence(feature.appStatus ?? feature.status), priorityEvidence(feature.priority)]) {
      if (dialect) this.evidence[dialect] += delta;
    }
  }

  /** The `boardDialect` setting, re-read when settings.json changes; one that cannot be read counts as unset. */
  private async readDialectSetting(): Promise<void> {
    const file = join(this.location.automakerDir, 'settings.json');
    const info = await stat(file).catch(() => undefined);
    const stamp = info ? `${info.ino}:${info.mtimeMs}:${info.size}` : '';
    if (this.dialectSetting?.stamp === stamp) return;
    const settings = info ? await readBoardSettings(this.location).catch(() => ({ dialect: undefined })) : {};
    this.dialectSetting = { stamp, ...(settings.dialect ? { dialect: settings.dialect } : {}) };
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Rewrites the index in the background when there is none or it lags far behind the journal. */
  private maybeWriteIndex(): void {
    const at = this.journalAt;
    if (this.indexWriting || !this.loaded) return;
    const written = this.indexOffset;
    const lagging = !written || (at ? written.ino !== at.ino || at.offset - written.offset > INDEX_LAG_BYTES : written.ino !== NO_JOURNAL);
    if (!lagging) return;
    this.indexWriting = true;
    const timer = setTimeout(() => {
      void this.exclusive(async () => {
        const journal = this.journalAt;
        const index: BoardIndex = {
          journal: { ino: journal?.ino ?? NO_JOURNAL, offset: journal?.offset ?? 0 },
          entries: new Map(this.entries),
        };
        await writeBoardIndex(join(this.location.featuresDir, INDEX_FILE), index);
        this.indexOffset = index.journal;
      })
        .catch(() => undefined)
        .finally(() => {
          this.indexWriting = false;
        });
    }, 50);
    timer.unref();
  }

  /** Stops the background check (tests and short-lived tools; a server process just exits). */
  close(): void {
    this.check.stop();
  }

  /** Creates `.automaker/features/` and keeps runtime state out of git (never by editing .gitignore). */
  private async prepare(): Promise<void> {
    if (this.prepared) return;
    await mkdir(this.location.featuresDir, { recursive: true });
    await excludeFromGit(this.location, ['.automaker/features/', '.automaker/.features.lock']);
    this.prepared = true;
  }
}

async function dirStat(dir: string): Promise<{ mtimeMs: number } | undefined> {
  try {
    return await stat(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
