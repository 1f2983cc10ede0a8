import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { BoardLocation } from './board-location.js';
import { readBoardSettings } from './board-settings.js';
import { type Dialect, detectDialect, priorityEvidence, statusEvidence } from './dialect.js';
import { inDialect } from './disk-shape.js';
import type { Feature } from './feature.js';

/**
 * Which app's vocabulary the board speaks, kept up to date as the store's features come and go: the `boardDialect`
 * setting, else the evidence of the stored statuses and priorities. On an upstream board it also keeps the
 * features as our logic reads them (priorities on our scale), updated feature by feature, not rebuilt per change.
 */
export class BoardDialect {
  /** How many features' stored statuses and priorities are evidence of each dialect. */
  private readonly evidence = { automaker: 0, canonical: 0 };
  private setting?: { stamp: string; dialect?: Dialect };
  private translated?: { dialect: Dialect; features: Map<string, Feature> };

  constructor(private readonly location: BoardLocation) {}

  /** The setting, else what the statuses on disk say (as of the last catch-up). */
  get dialect(): Dialect {
    return detectDialect(this.evidence, this.setting?.dialect);
  }

  /** The store's features as our logic reads them: the same map on a canonical board. */
  view(features: Map<string, Feature>): Map<string, Feature> {
    const dialect = this.dialect;
    if (dialect === 'canonical') return features;
    if (this.translated?.dialect !== dialect) {
      const translated = new Map<string, Feature>();
      for (const [id, feature] of features) translated.set(id, inDialect(feature, dialect));
      this.translated = { dialect, features: translated };
    }
    return this.translated.features;
  }

  /** A feature replaced (`before` → `after`; either may be absent). */
  changed(id: string, before: Feature | undefined, after: Feature | undefined): void {
    this.count(before, -1);
    this.count(after, 1);
    const translated = this.translated;
    if (translated && after) translated.features.set(id, inDialect(after, translated.dialect));
    else translated?.features.delete(id);
  }

  reset(): void {
    this.evidence.automaker = 0;
    this.evidence.canonical = 0;
    this.translated = undefined;
  }

  /** Re-reads the `boardDialect` setting when settings.json changed; one that cannot be read counts as unset. */
  async refreshSetting(): Promise<void> {
    let info: { ino: number; mtimeMs: number; size: number } | undefined;
    try {
      info = statSync(join(this.location.automakerDir, 'settings.json')); // every call: no thread-pool round trip
    } catch {
      info = undefined;
    }
    const stamp = info ? `${info.ino}:${info.mtimeMs}:${info.size}` : '';
    if (this.setting?.stamp === stamp) return;
    const settings = info ? await readBoardSettings(this.location).catch(() => ({ dialect: undefined })) : {};
    this.setting = { stamp, ...(settings.dialect ? { dialect: settings.dialect } : {}) };
  }

  /** The features in memory hold the stored priority (inDialect maps it for views), so it counts as evidence. */
  private count(feature: Feature | undefined, delta: number): void {
    if (!feature) return;
    for (const dialect of [statusEvidence(feature.appStatus ?? feature.status), priorityEvidence(feature.priority)]) {
      if (dialect) this.evidence[dialect] += delta;
    }
  }
}
