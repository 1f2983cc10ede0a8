// A writer process for the crash-safety test: rewrites every feature of a board as fast as it can, with
// descriptions of changing length, until it is killed.
import { locateBoard } from '../store/board-location.js';
import { FeatureStore } from '../store/feature-store.js';

const repo = process.argv[2] ?? '.';
const store = new FeatureStore(await locateBoard(repo));
for (let round = 0; ; round++) {
  await store.transaction((board, writes) => {
    for (const feature of board.features.values()) {
      writes.save({ ...feature, description: 'x'.repeat(1000 + ((round * 7919) % 50_000)), updatedAt: new Date().toISOString() });
    }
  });
  // After the first complete round the parent kills us at a random moment of the rounds that follow.
  if (round === 0) process.send?.('writing');
}
