import { readFile } from 'node:fs/promises';

/**
 * Writes JSON atomically: a temp file in the same folder, fsync, rename. A reader (or a crash) sees the old
 * file or the new one, never half of one.
 */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  // Loaded on first write: start-up never pays for it.
  const { default: writeFileAtomic } = await import('write-file-atomic');
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, { fsync: true, mode: 0o644 });
}

export type JsonRead<T> = { ok: true; value: T } | { ok: false; missing: boolean; error: string };

/** Reads and parses JSON without throwing: a missing or corrupt file is reported, never fatal. */
export async function readJson<T = unknown>(file: string): Promise<JsonRead<T>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, missing, error: missing ? 'missing' : (error as Error).message };
  }
  try {
    return { ok: true, value: JSON.parse(text) as T };
  } catch (error) {
    return { ok: false, missing: false, error: `invalid JSON: ${(error as Error).message}` };
  }
}
