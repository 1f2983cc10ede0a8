import { watch, type FSWatcher } from 'node:fs';
import { NotFoundError } from '../../shared/errors.js';
import { forEachBounded } from '../../servers/board/store/bounded.js';
import { type Feature, STATUSES, type Status } from '../../servers/board/store/feature.js';
import type { FeatureStore } from '../../servers/board/store/feature-store.js';
import { approvalWatchDirs, readApprovalsByFeature } from './approvals.js';
import { type Card, type CardApproval, type CardFilter, type FeatureDetail, matchesFilter, toCard, toDetail } from './cards.js';
import { FeatureFolderWatch, type WatchBatch } from './folder-watch.js';
import { workLogTail } from '../../servers/board/tools/work-log.js';

/** One change pushed to the pages: the cards that changed (or appeared) and the ids that went away. */
export interface BoardChange {
  generation: number;
  upserts: Card[];
  removed: string[];
  /** Features whose folder changed even if their card did not (a new log line): an open detail refreshes. */
  touched: string[];
}

const LOG_LINES = 40;
const READS_AT_ONCE = 16;
const APPROVALS_APPEAR_POLL_MS = 1000;

/**
 * The board as cards, kept current from the folder watch: a batch of changed ids is re-read from disk (and the
 * cards of features that depend on them recomputed), compared with what the pages have, and only the
 * difference is sent. The whole board is read once at start and again only when the watch cannot name what changed.
 */
export class LiveBoard {
  private readonly features = new Map<string, Feature>();
  private readonly cards = new Map<string, Card>();
  private readonly cardText = new Map<string, string>();
  private approvals = new Map<string, CardApproval[]>();
  private readonly listeners = new Set<(change: BoardChange) => void>();
  private sorted?: Map<Status, Card[]>;
  private readonly watcher: FeatureFolderWatch;
  private approvalWatchers: FSWatcher[] = [];
  private approvalTimer?: NodeJS.Timeout;
  /** Batches are applied one after another, in arrival order. */
  private chain: Promise<void> = Promise.resolve();
  generation = 0;

  constructor(
    private readonly store: FeatureStore,
    private readonly stateDir?: string,
  ) {
    this.watcher = new FeatureFolderWatch(store.location.featuresDir, (batch) => this.enqueue(() => this.apply(batch)));
  }

  async start(): Promise<void> {
    await this.resync();
    await this.watcher.start();
    // Every feature folder is watched: the store's own sweep for outside edits would only repeat the work.
    if (this.watcher.watchingEveryFolder) await this.store.close();
    if (this.stateDir) await this.watchApprovals();
  }

  close(): void {
    this.watcher.close();
    clearTimeout(this.approvalTimer);
    for (const w of this.approvalWatchers) w.close();
    this.listeners.clear();
  }

  subscribe(listener: (change: BoardChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get total(): number {
    return this.cards.size;
  }

  /** Cards of a column in queue order, filtered, from `offset`; with how many match in all. */
  column(status: Status, filter: CardFilter, offset: number, limit: number): { total: number; cards: Card[] } {
    const all = this.sortedColumns().get(status) ?? [];
    if (!filter.text && !filter.category) return { total: all.length, cards: all.slice(offset, offset + limit) };
    const cards: Card[] = [];
    let total = 0;
    for (const card of all) {
      if (!matchesFilter(card, filter)) continue;
      if (total >= offset && cards.length < limit) cards.push(card);
      total++;
    }
    return { total, cards };
  }

  counts(filter: CardFilter): Record<Status, number> {
    const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
    for (const card of this.cards.values()) if (matchesFilter(card, filter)) counts[card.status]++;
    return counts;
  }

  categories(): Array<[string, number]> {
    const counts = new Map<string, number>();
    for (const card of this.cards.values()) counts.set(card.category, (counts.get(card.category) ?? 0) + 1);
    return [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }

  async detail(id: string): Promise<FeatureDetail | undefined> {
    const feature = this.features.get(id);
    const card = this.cards.get(id);
    if (!feature || !card) return undefined;
    // The store's own reader: bounded, never through a link planted in the feature's folder.
    return toDetail(card, feature, (await workLogTail(this.store.location, id, LOG_LINES)).lines);
  }

  private enqueue(step: () => Promise<void>): void {
    this.chain = this.chain.then(step).catch((error: unknown) => {
      process.stderr.write(`protolabs-mcp board --web: ${(error as Error).message}\n`);
    });
  }

  private async apply(batch: WatchBatch): Promise<void> {
    if (batch.resync) return this.resync([...batch.ids]);
    const changed = new Set<string>();
    await forEachBounded([...batch.ids], READS_AT_ONCE, async (id) => {
      try {
        this.features.set(id, await this.store.get(id));
      } catch (error) {
        if (!(error instanceof NotFoundError)) return; // half-written or corrupt: keep what the page shows
        this.features.delete(id);
      }
      changed.add(id);
    });
    this.publish(changed, [...batch.ids]);
  }

  /** Reads the whole board through the store and sends whatever differs from what the pages have. */
  private async resync(touched: string[] = []): Promise<void> {
    const snapshot = await this.store.snapshot();
    const changed = new Set<string>();
    for (const id of this.features.keys()) if (!snapshot.features.has(id)) changed.add(id);
    for (const [id, feature] of snapshot.features) if (this.features.get(id) !== feature) changed.add(id);
    this.features.clear();
    for (const [id, feature] of snapshot.features) this.features.set(id, feature);
    this.publish(changed, touched);
  }

  /** Recomputes the cards of `changed` and of the features that depend on them; sends the difference. */
  private publish(changed: Set<string>, touched: string[]): void {
    const affected = new Set(changed);
    for (const feature of this.features.values()) {
      if (feature.dependencies.some((d) => changed.has(d))) affected.add(feature.id);
    }
    const upserts: Card[] = [];
    const removed: string[] = [];
    for (const id of affected) {
      const feature = this.features.get(id);
      if (!feature) {
        if (this.cards.delete(id)) removed.push(id);
        this.cardText.delete(id);
        continue;
      }
      const card = toCard(feature, this.features, this.approvals.get(id));
      const text = JSON.stringify(card);
      if (this.cardText.get(id) === text) continue;
      this.cards.set(id, card);
      this.cardText.set(id, text);
      upserts.push(card);
    }
    if (upserts.length === 0 && removed.length === 0 && touched.length === 0) return;
    if (upserts.length || removed.length) this.sorted = undefined;
    this.generation++;
    const change: BoardChange = { generation: this.generation, upserts, removed, touched };
    for (const listener of this.listeners) listener(change);
  }

  private sortedColumns(): Map<Status, Card[]> {
    if (this.sorted) return this.sorted;
    const columns = new Map<Status, Card[]>(STATUSES.map((s) => [s, []]));
    for (const card of this.cards.values()) columns.get(card.status)?.push(card);
    for (const cards of columns.values()) cards.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
    this.sorted = columns;
    return columns;
  }

  private async watchApprovals(): Promise<void> {
    const stateDir = this.stateDir as string;
    const refresh = () => {
      clearTimeout(this.approvalTimer);
      this.approvalTimer = setTimeout(() => this.enqueue(() => this.reloadApprovals()), 80);
    };
    const rewatch = async () => {
      for (const w of this.approvalWatchers) w.close();
      this.approvalWatchers = [];
      let missing = false;
      for (const dir of [stateDir, ...(await approvalWatchDirs(stateDir))]) {
        try {
          this.approvalWatchers.push(watch(dir, refresh).on('error', () => undefined));
        } catch {
          missing = true;
        }
      }
      // No discord server has written here yet: look again until one has.
      if (missing) this.approvalTimer = setTimeout(refresh, APPROVALS_APPEAR_POLL_MS);
    };
    this.reloadApprovals = async () => {
      await rewatch();
      const next = await readApprovalsByFeature(stateDir, Date.now());
      const changed = new Set<string>();
      for (const id of new Set([...next.keys(), ...this.approvals.keys()])) {
        if (JSON.stringify(next.get(id)) !== JSON.stringify(this.approvals.get(id))) changed.add(id);
      }
      this.approvals = next;
      this.publish(new Set([...changed].filter((id) => this.features.has(id))), []);
    };
    await this.reloadApprovals();
  }

  private reloadApprovals: () => Promise<void> = async () => undefined;
}
