import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's chromium; `.ci/run` installs it when missing. */
const CHROMIUM = '/usr/bin/chromium';
/** Pages resolve this name to 127.0.0.1, as a DNS-rebinding attacker's name would. */
export const REBIND_HOST = 'rebind.test';

export interface TestBrowser {
  context: BrowserContext;
  /** Every URL any page of this browser requested. */
  requested: string[];
  close(): Promise<void>;
}

/**
 * One headless chromium for a test file, on a fresh profile, with everything that would reach Google's hosts off
 * (the network here is loopback only).
 */
export async function launchTestBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The web board's browser tests drive Debian's chromium at ${CHROMIUM}, which is not installed: apt-get install -y chromium (.ci/run does this).`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'board-web-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=MAP ${REBIND_HOST} 127.0.0.1`,
    ],
  });
  const requested: string[] = [];
  context.on('request', (request) => requested.push(request.url()));
  return {
    context,
    requested,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The page's document, typed as far as these checks use it (the tests are not compiled with the DOM's types). */
interface PageDocument {
  querySelectorAll(selector: string): ArrayLike<{ dataset: Record<string, string | undefined> }>;
}

/** Waits until the cards under `selector` are exactly `ids`, in order. */
export async function waitForCards(page: Page, selector: string, ids: string[], timeout: number): Promise<void> {
  await page.waitForFunction(
    ([cards, want]) =>
      Array.from((globalThis as unknown as { document: PageDocument }).document.querySelectorAll(cards), (c) => c.dataset.id).join(',') ===
      want,
    [`${selector} .card`, ids.join(',')] as const,
    { timeout },
  );
}

/** Waits until `count` cards are under `selector`. */
export async function waitForCardCount(page: Page, selector: string, count: number, timeout: number): Promise<void> {
  await page.waitForFunction(
    ([cards, want]) => (globalThis as unknown as { document: PageDocument }).document.querySelectorAll(cards).length === want,
    [`${selector} .card`, count] as const,
    { timeout },
  );
}
