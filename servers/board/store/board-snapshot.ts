import type { Dialect } from './dialect.js';
import type { Feature } from './feature.js';

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
