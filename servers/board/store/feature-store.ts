import { appendFile, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readJson, writeJsonAtomic } from '../../../shared/atomic-json.js';
import { ConflictError, NotFoundError } from '../../../shared/errors.js';
import { withFileLock } from '../../../shared/file-lock.js';
import type { BoardLocation } from './board-location.js';
import { ensureGitExcludes } from './git-exclude.js';
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

interface CacheEntry {
  mtimeMs: number;
  size: number;
  feature?: Feature;
  error?: string;
}

const LOG_FILE = 'agent-output.md';

/**
 * The board's features on disk, one `feature.json` per folder. Reads never take the lock (each file is replaced
 * atomically, so a reader sees an old or a new version); every read-modify-write runs in `transaction` under one
 * inter-process lock, re-reading the board first, so concurrent sessions never lose an update.
 * Parsed files are cached per process and revalidated by mtime and size.
 */
export class FeatureStore {
  private readonly cache = new Map<string, CacheEntry>();
  private prepared = false;

  constructor(readonly location: BoardLocation) {}

  get lockPath(): string {
    return join(this.location.featuresDir, '.lock');
  }

  featureDir(id: string): string {
    return join(this.location.featuresDir, id);
  }

  async snapshot(): Promise<BoardSnapshot> {
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
      for (const feature of saves.values()) await this.write(feature);
      for (const id of removals) {
        await rm(this.featureDir(id), { recursive: true, force: true });
        this.cache.delete(id);
      }
      return result;
    });
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
    await ensureGitExcludes(this.location.gitCommonDir, ['.automaker/features/']);
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
