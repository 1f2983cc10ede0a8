/**
 * Runs `fn` over `items` with at most `limit` calls in flight: a board of 50,000 features must never hold more
 * open files than this, whatever the process's open-file limit is.
 */
export async function forEachBounded<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** How many files a scan of the board opens at once. */
export const OPEN_FILES = 32;
