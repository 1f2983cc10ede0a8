import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBoard } from '../../servers/board/test/harness.js';
import { launchTestBrowser, waitForCardCount, waitForCards, REBIND_HOST, type TestBrowser } from './browser.js';
import { startWebBoard, type WebBoard } from './test-board.js';

const CEILING_MS = 30_000;

const HOSTILE_TITLE = `<img src=x onerror="document.title='pwned'">Hostile & "quoted"`;

/** The titles of the cards one column shows, in order. */
const columnTitles = (page: Page, status: string) => page.locator(`section[data-status="${status}"] .card h3`).allTextContents();
const columnCount = (page: Page, status: string) => page.locator(`section[data-status="${status}"] h2 .count`).textContent();

describe('protolabs-mcp board --web in a real browser', () => {
  let browser: TestBrowser;
  const boards: WebBoard[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchTestBrowser();
  });

  afterAll(async () => {
    await Promise.all(boards.map((b) => b.close()));
    await browser?.close();
  });

  const open = async (board: WebBoard): Promise<Page> => {
    const page = await browser.context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(board.web.url);
    await page.waitForSelector('#status:text("live")', { timeout: CEILING_MS });
    return page;
  };

  it('renders every feature as a card in its status column, with what the card shows', async () => {
    const board = await startWebBoard(
      {
        'feature-plan': { title: 'Plan', status: 'done', priority: 1 },
        'feature-build': {
          title: 'Build',
          status: 'in_progress',
          dependencies: ['feature-plan'],
          claimedBy: 'agent-7',
          leaseExpiresAt: '2099-01-01T00:00:00.000Z',
          statusHistory: [{ from: 'backlog', to: 'in_progress', timestamp: new Date(Date.now() - 12 * 60_000).toISOString() }],
          branchName: 'feature/build',
          prNumber: 12,
          prUrl: 'https://github.com/o/r/pull/12',
          verificationEvidence: {
            command: 'npm test',
            exitCode: 0,
            passed: true,
            durationMs: 5,
            outputTail: 'ok',
            headSha: 'abcdef1234567890',
            at: new Date().toISOString(),
          },
        },
        'feature-ship': { title: 'Ship', dependencies: ['feature-build'], priority: 2 },
        'feature-docs': { title: 'Docs', category: 'docs' },
        'feature-stuck': { title: 'Stuck', status: 'blocked', statusChangeReason: 'needs a licence' },
      },
      { apr_build1: { title: 'Merge PR #12', feature: 'feature-build' } },
    );
    boards.push(board);
    const page = await open(board);
    expect(await columnTitles(page, 'backlog')).toEqual(['P2Ship', 'Docs']);
    expect(await columnTitles(page, 'in_progress')).toEqual(['Build']);
    expect(await columnTitles(page, 'done')).toEqual(['P1Plan']);
    expect(await columnTitles(page, 'blocked')).toEqual(['Stuck']);
    expect(await columnCount(page, 'backlog')).toBe('2');
    const build = page.locator('.card[data-id="feature-build"]');
    const text = await build.innerText();
    expect(text).toContain('held by agent-7 · 12 min');
    expect(text).toContain('⎇ feature/build');
    expect(text).toContain('PR #12 · open');
    expect(text).toContain('✔ verified at abcdef123456');
    expect(text).toContain('approval pending: Merge PR #12');
    expect(await build.locator('a').getAttribute('href')).toBe('https://github.com/o/r/pull/12');
    expect(await page.locator('.card[data-id="feature-ship"]').innerText()).toContain('waiting on Build');
    expect(await page.locator('.card[data-id="feature-docs"]').innerText()).toContain('ready');
    expect(await page.locator('.card[data-id="feature-stuck"]').innerText()).toContain('needs a licence');

    await page.fill('#q', 'ship');
    await waitForCards(page, '#board', ['feature-ship'], CEILING_MS);
    await page.fill('#q', '');
    await page.selectOption('#category', 'docs');
    await waitForCards(page, '#board', ['feature-docs'], CEILING_MS);
    expect(await columnCount(page, 'backlog')).toBe('1');
    await page.close();
  });

  it('shows a change made through the MCP server on the open page without a reload', async () => {
    const board = await startWebBoard({ 'feature-old': { title: 'Old name' } });
    boards.push(board);
    const page = await open(board);
    let loads = 0;
    page.on('framenavigated', () => loads++);
    const loadedBefore = browser.requested.filter((url) => url.includes('/api/board')).length;
    const mcp = await startBoard(board.repo, { clock: { now: Date.now() } });
    try {
      const started = Date.now();
      await mcp.call('feature_create', { features: [{ title: 'Arrives live', priority: 1 }] });
      await page.waitForSelector('section[data-status="backlog"] .card h3:text("Arrives live")', { timeout: CEILING_MS });
      const created = Date.now() - started;
      await mcp.call('feature_move', { id: 'feature-old', status: 'blocked', reason: 'waits on the vendor' });
      const t1 = Date.now();
      await page.waitForSelector('section[data-status="blocked"] .card[data-id="feature-old"]', { timeout: CEILING_MS });
      const moved = Date.now() - t1;
      process.stderr.write(`board --web: a change through the MCP server reached the page in ${created} ms (create), ${moved} ms (move)\n`);
      expect(await columnTitles(page, 'backlog')).toEqual(['P1Arrives live']);
      expect(await columnCount(page, 'blocked')).toBe('1');
      expect(await page.locator('.card[data-id="feature-old"]').innerText()).toContain('waits on the vendor');
      expect(loads).toBe(0);
      // The page was told what changed: it did not fetch the board again.
      expect(browser.requested.filter((url) => url.includes('/api/board')).length).toBe(loadedBefore);
    } finally {
      await mcp.close();
      await page.close();
    }
  });

  it('renders a hostile title, description and log as text, by mouse and by keyboard', async () => {
    const board = await startWebBoard({
      'feature-evil': { title: HOSTILE_TITLE, description: `<script>document.title='pwned'</script>\n<b>not bold</b>`, priority: 1 },
    });
    boards.push(board);
    appendFileSync(
      join(board.repo, '.automaker', 'features', 'feature-evil', 'agent-output.md'),
      `<iframe src="https://example.com"></iframe>\n`,
    );
    const page = await open(board);
    const card = page.locator('.card[data-id="feature-evil"]');
    expect(await card.locator('h3').innerText()).toBe(`P1${HOSTILE_TITLE}`);
    await card.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog[open] pre.log', { timeout: CEILING_MS });
    expect(await page.locator('#detail-title').innerText()).toBe(HOSTILE_TITLE);
    expect(await page.locator('dialog pre').first().innerText()).toContain(`<script>document.title='pwned'</script>`);
    expect(await page.locator('dialog pre.log').innerText()).toContain('<iframe src="https://example.com"></iframe>');
    expect(await page.locator('img, script:not([src]), iframe, b').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog[open]', { state: 'detached', timeout: CEILING_MS });
    await page.close();
  });

  it('refuses a page loaded through a foreign host name that resolves to loopback (DNS rebinding)', async () => {
    const board = boards[0] as WebBoard;
    const page = await browser.context.newPage();
    const answer = await page.goto(`http://${REBIND_HOST}:${board.web.port}/api/board`);
    expect(answer?.status()).toBe(403);
    expect(await page.content()).not.toContain('Plan');
    await page.close();
  });

  it('shows one page of a long column and loads the next on request', async () => {
    const features: Record<string, Record<string, unknown>> = {};
    for (let i = 0; i < 120; i++) features[`feature-${String(i).padStart(3, '0')}`] = { title: `Feature ${i}` };
    const board = await startWebBoard(features);
    boards.push(board);
    const page = await open(board);
    expect(await columnCount(page, 'backlog')).toBe('120');
    expect(await page.locator('.card').count()).toBe(25);
    await page.click('section[data-status="backlog"] .more');
    await waitForCardCount(page, 'section[data-status="backlog"]', 75, CEILING_MS);
    expect(await page.locator('section[data-status="backlog"] .more').innerText()).toBe('Show 45 more of 45');
    await page.close();
  });

  it('stacks the columns on a phone-sized screen without sideways scrolling, and follows the dark scheme', async () => {
    const board = boards[0] as WebBoard;
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 800 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(board.web.url);
    await page.waitForSelector('.card', { timeout: CEILING_MS });
    const layout = await page.evaluate(() => {
      const doc = (
        globalThis as unknown as {
          document: {
            documentElement: { scrollWidth: number };
            querySelectorAll(s: string): ArrayLike<{ getBoundingClientRect(): { left: number; top: number } }>;
            body: object;
          };
        }
      ).document;
      const style = (globalThis as unknown as { getComputedStyle(e: object): { backgroundColor: string } }).getComputedStyle(doc.body);
      const columns = Array.from(doc.querySelectorAll('.column'), (c) => c.getBoundingClientRect());
      return {
        scrollWidth: doc.documentElement.scrollWidth,
        lefts: new Set(columns.map((c) => Math.round(c.left))).size,
        background: style.backgroundColor,
      };
    });
    expect(layout.scrollWidth).toBeLessThanOrEqual(390);
    expect(layout.lefts).toBe(1);
    const [r, g, b] = (layout.background.match(/\d+/g) ?? []).map(Number);
    expect((r ?? 255) + (g ?? 255) + (b ?? 255)).toBeLessThan(150);
    await page.close();
  });

  it('makes no request that leaves loopback, and the page logs no error (a CSP violation would)', () => {
    expect(pageErrors).toEqual([]);
    expect(browser.requested.length).toBeGreaterThan(10);
    const hosts = new Set(browser.requested.map((url) => new URL(url).hostname));
    expect([...hosts].sort()).toEqual(['127.0.0.1', REBIND_HOST].sort());
  });
});
