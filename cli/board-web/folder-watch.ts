import { type FSWatcher, watch } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FEATURE_ID_PATTERN } from '../../servers/board/store/feature.js';

/** Changes arriving this close together are sent as one batch (a claim writes several files). */
const DEBOUNCE_MS = 80;
/** How often a board without a features folder is looked for again. */
const APPEAR_POLL_MS = 500;
/** Watches are set up this many folders at a time, so the server answers while a large board is being watched. */
const SETUP_CHUNK = 500;

export interface WatchBatch {
  /** Feature ids whose folder changed (feature.json, its log, the folder itself). */
  ids: Set<string>;
  /** Something happened that names no feature (the folder appeared, a watch failed): compare everything. */
  resync: boolean;
}

/**
 * Tells which features changed, by id, within a few tens of milliseconds: one inotify watch on the features
 * folder (features added or removed) and one on each feature's folder (feature.json replaced, by a server or by
 * hand). Node 20's recursive fs.watch does the same but blocks for seconds on a 10,000-feature board, and the
 * store's journal names only the changes made through the server.
 */
export class FeatureFolderWatch {
  private top?: FSWatcher;
  private readonly folders = new Map<string, FSWatcher>();
  private pending: WatchBatch = { ids: new Set(), resync: false };
  private timer?: NodeJS.Timeout;
  private poll?: NodeJS.Timeout;
  private closed = false;
  /** False once a folder could not be watched (out of inotify watches): its outside edits need another sweep. */
  watchingEveryFolder = true;

  constructor(
    private readonly featuresDir: string,
    private readonly onBatch: (batch: WatchBatch) => void,
  ) {}

  async start(): Promise<void> {
    if (this.closed) return;
    try {
      this.top = watch(this.featuresDir, (_event, name) => this.topEvent(name ? String(name) : undefined));
    } catch {
      this.waitForFolder();
      return;
    }
    this.top.on('error', () => this.lost());
    const names = await readdir(this.featuresDir).catch(() => [] as string[]);
    for (let i = 0; i < names.length; i += SETUP_CHUNK) {
      for (const name of names.slice(i, i + SETUP_CHUNK)) this.watchFolder(name);
      await new Promise((resolve) => setImmediate(resolve));
      if (this.closed) return;
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.poll);
    this.top?.close();
    for (const watcher of this.folders.values()) watcher.close();
    this.folders.clear();
  }

  private topEvent(name: string | undefined): void {
    if (!name) {
      this.queue(undefined, true);
      return;
    }
    if (!FEATURE_ID_PATTERN.test(name)) return; // the store's journal and index, temp files
    // A folder created, removed or replaced: watch whatever is there now.
    this.folders.get(name)?.close();
    this.folders.delete(name);
    this.watchFolder(name);
    this.queue(name);
  }

  private watchFolder(name: string): void {
    if (!FEATURE_ID_PATTERN.test(name) || this.folders.has(name) || this.closed) return;
    try {
      const watcher = watch(join(this.featuresDir, name), () => this.queue(name));
      watcher.on('error', () => {
        watcher.close();
        if (this.folders.get(name) === watcher) this.folders.delete(name);
        this.queue(name);
      });
      this.folders.set(name, watcher);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Out of inotify watches: this feature is still caught by a resync (and by the store's own check).
      if (code === 'ENOSPC' || code === 'EMFILE') {
        this.watchingEveryFolder = false;
        this.queue(undefined, true);
      }
    }
  }

  /** The features folder went away (the board was deleted): start over when it is back. */
  private lost(): void {
    this.top?.close();
    this.top = undefined;
    for (const watcher of this.folders.values()) watcher.close();
    this.folders.clear();
    this.queue(undefined, true);
    this.waitForFolder();
  }

  private waitForFolder(): void {
    if (this.closed) return;
    this.poll = setTimeout(async () => {
      const exists = await stat(this.featuresDir).then(
        (s) => s.isDirectory(),
        () => false,
      );
      if (!exists) return this.waitForFolder();
      this.queue(undefined, true);
      await this.start();
    }, APPEAR_POLL_MS);
  }

  private queue(id: string | undefined, resync = false): void {
    if (this.closed) return;
    if (id) this.pending.ids.add(id);
    if (resync) this.pending.resync = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const batch = this.pending;
      this.pending = { ids: new Set(), resync: false };
      this.onBatch(batch);
    }, DEBOUNCE_MS);
  }
}
