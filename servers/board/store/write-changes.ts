import { mkdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { forEachBounded, OPEN_FILES } from './bounded.js';
import type { Dialect } from './dialect.js';
import { diskShape } from './disk-shape.js';
import { type Feature, featureFromDisk } from './feature.js';
import { type FileVersion, hashText, readFeatureFile, readerFor, replaceFeatureFile, serializeFeature } from './feature-file.js';

/** What a transaction replaced, so a caller whose next step failed can put the files back exactly as they were. */
export type UndoLog = Map<string, { before?: Buffer; afterHash: string }>;

/** The store as the writer needs it: where files are, what it last read of each, and how to remember the result. */
export interface WriteTarget {
  featureDir(id: string): string;
  featureFile(id: string): string;
  known(id: string): FileVersion | undefined;
  dialect: Dialect;
  remember(id: string, version: FileVersion, feature: Feature): void;
  forget(id: string): void;
}

/**
 * Writes a transaction's saves and removals, each only if its file is still what the store last read. Returns the
 * ids someone else changed under it (then nothing more is written) and the ids written.
 */
export async function writeChanges(
  target: WriteTarget,
  saves: Map<string, Feature>,
  removals: Set<string>,
  undo?: UndoLog,
): Promise<{ changed: string[]; touched: string[] }> {
  const changed: string[] = [];
  const raws = new Map<string, Record<string, unknown>>();
  const befores = new Map<string, Buffer>();
  const ids = [...saves.keys(), ...removals];
  const readFile = readerFor(ids.length);
  await forEachBounded(ids, OPEN_FILES, async (id) => {
    const read = await readFile(target.featureFile(id), id);
    const onDisk = read.kind === 'missing' ? undefined : read.version.hash;
    if (onDisk !== target.known(id)?.hash) changed.push(id);
    if (read.kind === 'ok') {
      raws.set(id, read.raw);
      befores.set(id, read.bytes);
    }
  });
  const touched: string[] = [];
  if (changed.length > 0) return { changed, touched };
  for (const [id, saved] of saves) {
    mkdirSync(target.featureDir(id), { recursive: true });
    const text = serializeFeature(diskShape(saved, raws.get(id), target.dialect));
    // What is remembered is what a read of the new file gives, so the next write compares with the disk.
    const feature = featureFromDisk(JSON.parse(text), id);
    const file = target.featureFile(id);
    if (!(await replaceFeatureFile(file, text, target.known(id)))) {
      changed.push(id);
      return { changed, touched };
    }
    touched.push(id);
    const before = befores.get(id);
    undo?.set(id, { ...(before ? { before } : {}), afterHash: hashText(text) });
    const info = statSync(file);
    target.remember(id, { ino: info.ino, mtimeMs: info.mtimeMs, size: info.size, hash: hashText(text) }, feature);
  }
  for (const id of removals) {
    await rm(target.featureDir(id), { recursive: true, force: true });
    target.forget(id);
    touched.push(id);
  }
  return { changed, touched };
}

/** Puts back what a transaction with this log wrote, byte for byte (a new feature is removed), where nobody changed the file since. */
export async function restoreFiles(
  target: Pick<WriteTarget, 'featureDir' | 'featureFile'>,
  log: UndoLog,
): Promise<{ skipped: string[]; touched: string[] }> {
  const skipped: string[] = [];
  const touched: string[] = [];
  for (const [id, { before, afterHash }] of log) {
    const file = target.featureFile(id);
    const read = await readFeatureFile(file, id);
    if (read.kind === 'missing' || read.version.hash !== afterHash) {
      skipped.push(id);
      continue;
    }
    if (before) {
      if (!(await replaceFeatureFile(file, before, read.version))) skipped.push(id);
    } else await rm(target.featureDir(id), { recursive: true, force: true });
    touched.push(id);
  }
  return { skipped, touched };
}
