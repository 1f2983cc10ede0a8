import { afterEach, describe, expect, it } from 'vitest';
import { schemaDisagreements } from '../../../testing/schema-hostile.js';
import { createRepo, startBoard, type TestBoard } from './harness.js';

// A valid value for each kind of patterned field; the first that matches a field's pattern is used.
const SAMPLES = ['feature-1765000000000-abcdefghi', 'feature/login', 'ada', 'main', '50'];

let board: TestBoard | undefined;
afterEach(async () => {
  await board?.close();
  board = undefined;
});

describe('board input schemas', () => {
  it('agree with the handlers both ways: what the published schema refuses is refused, its boundary values are never refused as input', async () => {
    board = await startBoard(createRepo(), { env: { BOARD_VERIFY_COMMAND: 'true' } });
    const b = board;
    const { tools } = await b.client.listTools();
    const lines = await schemaDisagreements(tools, {
      call: (tool, args) => b.call(tool, args),
      requests: () => 0, // no upstream: the board's files are checked by the hostile-* tests
      samples: SAMPLES,
      base: {
        feature_create: { features: [{ title: 'x' }] },
        feature_log: { text: 'x' },
        feature_update: { summary: 'x' },
      },
      // A dependency must name an existing feature or a sibling of the same call (state no schema can state), and the
      // generated sample would name the feature itself (a cycle): accepted cases with a dependency are not run.
      skipAccepted: (c) => c.tool === 'feature_create' && JSON.stringify(c.args).includes('"dependencies":["'),
    });
    expect(lines).toEqual([]);
  }, 120_000);
});
