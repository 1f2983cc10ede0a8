import type { BoardDialect } from './board-dialect.js';
import type { BoardSnapshot, CorruptFeature } from './board-snapshot.js';
import type { Feature } from './feature.js';
import type { FeatureRead, FileVersion } from './feature-file.js';

export interface Entry {
  version: FileVersion;
  feature?: Feature;
  error?: string;
}

/**
 * The board as one process holds it: each feature with the version of the file it was read from (or why it could
 * not be read), and the folders that are not features. Kept in step with the board's vocabulary.
 */
export class BoardMemory {
  readonly entries = new Map<string, Entry>();
  private readonly features = new Map<string, Feature>();
  /** Folder names that are not feature ids, reported with the corrupt features. */
  readonly badFolders = new Map<string, string>();

  constructor(private readonly vocabulary: BoardDialect) {}

  version(id: string): FileVersion | undefined {
    return this.entries.get(id)?.version;
  }

  ids(): string[] {
    return [...this.entries.keys()];
  }

  /** What these reads found: a missing file forgets its feature. */
  apply(reads: Map<string, FeatureRead>): void {
    for (const [id, read] of reads) {
      if (read.kind === 'missing') this.forget(id);
      else
        this.remember(
          id,
          read.kind === 'ok' ? { version: read.version, feature: read.feature } : { version: read.version, error: read.error },
        );
    }
  }

  remember(id: string, entry: Entry): void {
    this.vocabulary.changed(id, this.features.get(id), entry.feature);
    this.entries.set(id, entry);
    if (entry.feature) this.features.set(id, entry.feature);
    else this.features.delete(id);
  }

  forget(id: string): void {
    this.vocabulary.changed(id, this.features.get(id), undefined);
    this.entries.delete(id);
    this.features.delete(id);
  }

  clear(): void {
    this.entries.clear();
    this.features.clear();
    this.badFolders.clear();
    this.vocabulary.reset();
  }

  view(): BoardSnapshot {
    const corrupt: CorruptFeature[] = [...this.badFolders].map(([id, error]) => ({ id, error }));
    for (const [id, entry] of this.entries) if (entry.error !== undefined) corrupt.push({ id, error: entry.error });
    corrupt.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { features: this.vocabulary.view(this.features), corrupt, dialect: this.vocabulary.dialect };
  }
}
