import { appendFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readJson, writeJsonAtomic } from '../../../shared/atomic-json.js';
import { ConflictError, NotFoundError } from '../../../shared/errors.js';
import { withFileLock } from '../../../shared/file-lock.js';
import type { BoardLocation } from './board-location.js';
import { excludeFromGit } from '../git/repo.js';
import { FEATURE_ID_PATTERN, type Feature, featureFromDisk } from './feature.js';

export interface CorruptFeature {
  id: string;
  error: string;
}

export interface BoardSnapshot {
  features: Map<string, Feature>;
  corrupt: CorruptFeature[];
}

/** Changes collected by a transaction and written only if it completes without throwing. */
export interface BoardWrites {
  save(feature: Feature): void;
  remove(id: string): void;
}

/** Identifies a version of the board: our writers bump the generation file; adding or removing a folder changes the directory. */
interface BoardStamp {
  generation: string;
  directory: string;
}

interface CacheEntry {
  mtimeMs: number;
  size: number;
  feature?: Feature;
  error?: string;
}

const LOG_FILE = 'agent-output.md';
const GENERATION_FILE = '.generation';
/** Edits made outside this server (the Automaker app, a hand edit) are picked up within this time. */
const RESCAN_MS = 3000;

/**
 * The board's features on disk, one `feature.json` per folder. Reads never take the lock (each file is replaced
 * atomically, so a reader sees an old or a new version); every read-modify-write runs in `transaction` under one
 * inter-process lock, re-reading the board first, so concurrent sessions never lose an update.
 * Parsed files are cached per process: a snapshot is reused while the board's stamp (bumped by every write
 * through this class) is unchanged, and every file is revalidated by mtime and size at least every few seconds.
 */
export class FeatureStore {
  private readonly cache = new Map<string, CacheEntry>();
  private prepared = false;
  private last?: { stamp: BoardStamp; at: number; board: BoardSnapshot };

  constructor(readonly location: BoardLocation) {}

  /** Outside features/ so taking the lock does not change the folder's stamp (which would force rescans). */
  get lockPath(): string {
    return join(this.location.automakerDir, '.features.lock');
  }

  featureDir(id: string): string {
    return join(this.location.featuresDir, id);
  }

  async snapshot(): Promise<BoardSnapshot> {
    const stamp = await this.stamp();
    const last = this.last;
    if (last && stamp && sameStamp(last.stamp, stamp) && Date.now() - last.at < RESCAN_MS) {
      return { features: new Map(last.board.features), corrupt: [...last.board.corrupt] };
    }
    const board = await this.scan();
    if (stamp) this.last = { stamp, at: Date.now(), board };
    return { features: new Map(board.features), corrupt: [...board.corrupt] };
  }

  private async scan(): Promise<BoardSnapshot> {
    let names: string[];
    try {
      names = await readdir(this.location.featuresDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { features: new Map(), corrupt: [] };
      throw error;
    }
    const features = new Map<string, Feature>();
    const corrupt: CorruptFeature[] = [];
    const seen = new Set<string>();
    await Promise.all(
      names.map(async (name) => {
        if (name.startsWith('.')) return;
        if (!FEATURE_ID_PATTERN.test(name)) {
          corrupt.push({ id: name.slice(0, 80), error: 'folder name is not a valid feature id' });
          return;
        }
        seen.add(name);
        const entry = await this.load(name);
        if (!entry) return;
        if (entry.feature) features.set(name, entry.feature);
        else corrupt.push({ id: name, error: entry.error ?? 'unreadable' });
      }),
    );
    for (const id of this.cache.keys()) if (!seen.has(id)) this.cache.delete(id);
    corrupt.sort((a, b) => a.id.localeCompare(b.id));
    return { features, corrupt };
  }

  /** One feature, fresh from disk. */
  async get(id: string): Promise<Feature> {
    const entry = await this.load(id);
    if (!entry) throw new NotFoundError(`No feature ${id}; feature_list shows the ids.`);
    if (!entry.feature) throw new ConflictError(`Feature ${id}'s feature.json is corrupt (${entry.error}); fix or delete the file.`);
    return entry.feature;
  }

  /**
   * Runs `fn` on a fresh snapshot under the board lock and then writes what it saved or removed. A throw
   * writes nothing, so a refused multi-feature change leaves the board untouched.
   */
  async transaction<T>(fn: (board: BoardSnapshot, writes: BoardWrites) => T | Promise<T>): Promise<T> {
    await this.prepare();
    return withFileLock(this.lockPath, async () => {
      const board = await this.snapshot();
      const saves = new Map<string, Feature>();
      const removals = new Set<string>();
      const result = await fn(board, {
        save: (feature) => saves.set(feature.id, feature),
        remove: (id) => removals.add(id),
      });
      if (saves.size === 0 && removals.size === 0) return result;
      for (const feature of saves.values()) await this.write(feature);
      for (const id of removals) {
        await rm(this.featureDir(id), { recursive: true, force: true });
        this.cache.delete(id);
      }
      await this.bumpGeneration(board, saves, removals);
      return result;
    });
  }

  /** Records a new generation and, since we hold the lock, the snapshot it corresponds to. */
  private async bumpGeneration(board: BoardSnapshot, saves: Map<string, Feature>, removals: Set<string>): Promise<void> {
    await writeFile(join(this.location.featuresDir, GENERATION_FILE), `${process.pid}-${Date.now()}-${Math.random()}\n`);
    const stamp = await this.stamp();
    if (!stamp) return;
    const features = new Map(board.features);
    for (const [id, feature] of saves) features.set(id, feature);
    for (const id of removals) features.delete(id);
    const at = this.last && sameStamp(this.last.stamp, stamp) ? this.last.at : Date.now();
    this.last = { stamp, at, board: { features, corrupt: board.corrupt.filter((c) => !saves.has(c.id) && !removals.has(c.id)) } };
  }

  private async stamp(): Promise<BoardStamp | undefined> {
    try {
      const [generation, directory] = await Promise.all([
        stat(join(this.location.featuresDir, GENERATION_FILE)).catch(() => undefined),
        stat(this.location.featuresDir),
      ]);
      return {
        generation: generation ? `${generation.mtimeMs}:${generation.size}:${generation.ino}` : 'none',
        directory: `${directory.mtimeMs}:${directory.ino}`,
      };
    } catch {
      return undefined;
    }
  }

  async appendLog(id: string, text: string): Promise<void> {
    await this.get(id);
    await appendFile(join(this.featureDir(id), LOG_FILE), text.endsWith('\n') ? text : `${text}\n`);
  }

  async logTail(id: string, lines: number): Promise<string[]> {
    try {
      const text = await readFile(join(this.featureDir(id), LOG_FILE), 'utf8');
      return text.trimEnd().split('\n').slice(-lines);
    } catch {
      return [];
    }
  }

  /** Creates `.automaker/features/` and keeps runtime state out of git (never by editing .gitignore). */
  private async prepare(): Promise<void> {
    if (this.prepared) return;
    await mkdir(this.location.featuresDir, { recursive: true });
    await excludeFromGit(this.location, ['.automaker/features/', '.automaker/.features.lock']);
    this.prepared = true;
  }

  private async write(feature: Feature): Promise<void> {
    const dir = this.featureDir(feature.id);
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'feature.json');
    await writeJsonAtomic(file, feature);
    const info = await stat(file);
    this.cache.set(feature.id, { mtimeMs: info.mtimeMs, size: info.size, feature });
  }

  private async load(id: string): Promise<CacheEntry | undefined> {
    const file = join(this.featureDir(id), 'feature.json');
    let info;
    try {
      info = await stat(file);
    } catch {
      this.cache.delete(id);
      return undefined;
    }
    const cached = this.cache.get(id);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
    const read = await readJson(file);
    let entry: CacheEntry;
    if (!read.ok) entry = { mtimeMs: info.mtimeMs, size: info.size, error: read.error };
    else {
      try {
        entry = { mtimeMs: info.mtimeMs, size: info.size, feature: featureFromDisk(read.value, id) };
      } catch (error) {
        entry = { mtimeMs: info.mtimeMs, size: info.size, error: (error as Error).message };
      }
    }
    this.cache.set(id, entry);
    return entry;
  }
}

function sameStamp(a: BoardStamp, b: BoardStamp): boolean {
  return a.generation === b.generation && a.directory === b.directory;
}
