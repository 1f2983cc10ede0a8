import { afterEach, describe, expect, it } from 'vitest';
import { toolContractViolations, toolListSize } from '../../../testing/tool-contract.js';
import { BOARD_INSTRUCTIONS } from '../instructions.js';
import { createRepo, startBoard, type TestBoard } from './harness.js';

let board: TestBoard;
afterEach(async () => board.close());

describe('board tools/list', () => {
  it('matches the committed snapshot and the tool contract', async () => {
    board = await startBoard(createRepo());
    const { tools } = await board.client.listTools();
    expect(toolContractViolations(tools)).toEqual([]);
    await expect(JSON.stringify(tools, null, 2)).toMatchFileSnapshot('./__snapshots__/tools.json');
    expect(toolListSize(tools).tokens).toBeLessThan(4000);
  });

  it('keeps its instructions within Claude Code’s 2,048-character limit', () => {
    expect(BOARD_INSTRUCTIONS.length).toBeLessThanOrEqual(2048);
  });
});
