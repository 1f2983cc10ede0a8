import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../shared/logger.js';
import { waitFor } from '../../../testing/wait-for.js';
import { GatewayElection } from './election.js';

const log = createLogger('test', { LOG_LEVEL: 'silent' });
const elections: GatewayElection[] = [];
afterEach(async () => {
  await Promise.all(elections.splice(0).map((e) => e.stop()));
});

async function until(predicate: () => boolean, what: string): Promise<void> {
  await waitFor(what, predicate, 20_000);
}

function candidates(
  n: number,
  open: { count: number; total: number },
  connect?: () => Promise<void>,
  onConnected?: (lost: (reason: string) => void) => void,
): GatewayElection[] {
  const dir = mkdtempSync(join(tmpdir(), 'election-'));
  const made = Array.from({ length: n }, () => {
    const election = new GatewayElection({
      lockPath: join(dir, 'gateway.lock'),
      holderFile: join(dir, 'holder.json'),
      log,
      retryMs: 50,
      staleMs: 2000,
      failureBackoffMs: 50,
      async connect(lost) {
        await connect?.();
        open.count += 1;
        open.total += 1;
        onConnected?.(lost);
        return { close: async () => void (open.count -= 1) };
      },
    });
    elections.push(election);
    return election;
  });
  return made;
}

describe('GatewayElection', () => {
  it('lets exactly one candidate connect, and hands over when it stops', async () => {
    const open = { count: 0, total: 0 };
    const all = candidates(3, open);
    for (const e of all) e.start();
    await until(() => open.count === 1, 'a holder');
    // The others keep contending for several rounds without connecting.
    await until(() => all.every((e) => e.holding || e.attempts >= 5), 'several rounds of contention');
    expect(open.total).toBe(1);
    expect(all.filter((e) => e.holding)).toHaveLength(1);
    const holder = all.find((e) => e.holding)!;
    await holder.stop();
    await until(() => open.total === 2 && open.count === 1, 'a successor');
    expect(all.filter((e) => e.connected)).toHaveLength(1);
  });

  it('releases the lock after a failed connection so another candidate can try', async () => {
    const open = { count: 0, total: 0 };
    let failures = 1;
    const all = candidates(2, open, async () => {
      if (failures-- > 0) throw new Error('gateway refused');
    });
    for (const e of all) e.start();
    await until(() => open.count === 1, 'a holder after one failure');
    expect(all.filter((e) => e.holding)).toHaveLength(1);
  });

  it('lets go of a connection that died for good and connects again (issue 18 item 9)', async () => {
    const open = { count: 0, total: 0 };
    const losers: Array<(reason: string) => void> = [];
    const [only] = candidates(1, open, undefined, (lost) => losers.push(lost));
    only!.start();
    await until(() => open.count === 1, 'the first connection');
    losers[0]!('gateway closed with code 4004');
    await until(() => open.total === 2 && open.count === 1, 'a fresh connection after the loss');
    expect(only!.lostCount).toBe(1);
  });
});
