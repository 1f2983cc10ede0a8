import { rmSync } from 'node:fs';
import { afterEach, beforeEach } from 'vitest';
import { createRepo, startBoard, type TestBoard } from './harness.js';

/** A fresh repository and in-memory board server for each test of the file, both removed afterwards. */
export function useTempBoard(): { board: () => TestBoard; repo: () => string } {
  let board: TestBoard | undefined;
  let repo: string | undefined;
  beforeEach(async () => {
    repo = createRepo();
    board = await startBoard(repo);
  });
  afterEach(async () => {
    await board?.close();
    if (repo) rmSync(repo, { recursive: true, force: true });
  });
  return {
    board: () => board as TestBoard,
    repo: () => repo as string,
  };
}
