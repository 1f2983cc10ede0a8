import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchTestBrowser, type TestBrowser } from './browser.js';
import { plantFeature, startWebBoard, type WebBoard } from './test-board.js';

const FEATURES = 10_000;
const CEILING_MS = 120_000;

describe('protolabs-mcp board --web on a 10,000-feature board', () => {
  let browser: TestBrowser;
  let board: WebBoard;
  /** Five features, painted in the same browser: the machine's own cost of a page, for comparison. */
  let small: WebBoard;

  beforeAll(async () => {
    const features: Record<string, Record<string, unknown>> = {};
    const statuses = ['backlog', 'in_progress', 'review', 'blocked', 'done'];
    for (let i = 0; i < FEATURES; i++) {
      features[`feature-${String(i).padStart(5, '0')}`] = {
        title: `Feature ${i}`,
        status: statuses[i % statuses.length],
        priority: (i % 4) + 1,
      };
    }
    [browser, board, small] = await Promise.all([
      launchTestBrowser(),
      startWebBoard(features),
      startWebBoard(Object.fromEntries(statuses.map((status) => [`feature-${status}`, { status }]))),
    ]);
  });

  afterAll(async () => {
    await board?.close();
    await small?.close();
    await browser?.close();
  });

  it('paints one page per column (first paint measured, not asserted) and still shows a hand edit live', async () => {
    const paint = async (served = board) => {
      const page = await browser.context.newPage();
      const started = Date.now();
      await page.goto(served.web.url);
      // The browser's own clock (from navigation start), checked on every animation frame: when the last column
      // has its cards, and how long the board's answer took.
      const cardsAt = await page.waitForFunction(
        (selector) => {
          const scope = globalThis as unknown as { document: { querySelector(s: string): object | null }; performance: { now(): number } };
          return scope.document.querySelector(selector) !== null && scope.performance.now();
        },
        'section[data-status="done"] .card',
        { timeout: CEILING_MS },
      );
      const ms = Date.now() - started;
      const inPage = await page.evaluate(() => {
        const entries = (
          globalThis as unknown as { performance: { getEntries(): Array<{ name: string; duration: number }> } }
        ).performance.getEntries();
        return Math.round(entries.find((e) => e.name.endsWith('/api/board'))?.duration ?? -1);
      });
      return { page, ms, inPage: `cards in every column at ${Math.round(Number(await cardsAt.jsonValue()))} ms, /api/board ${inPage} ms` };
    };
    const first = await paint();
    await first.page.close();
    const { page, ms, inPage } = await paint();
    const five = await paint(small);
    await five.page.close();
    process.stderr.write(
      `board --web, ${FEATURES} features: every column painted ${first.ms} ms after navigation (first page: ${first.inPage}), ${ms} ms (next page: ${inPage}); five features on the same machine: ${five.ms} ms (${five.inPage})\n`,
    );
    expect(await page.locator('section[data-status="backlog"] h2 .count').textContent()).toBe(String(FEATURES / 5));
    expect(await page.locator('.card').count()).toBe(125);
    plantFeature(board.repo, 'feature-00003', { title: 'Edited by hand', status: 'backlog', priority: 1 });
    await page.waitForSelector('section[data-status="backlog"] .card h3:text("Edited by hand")', { timeout: CEILING_MS });
    await page.close();
  });
});
