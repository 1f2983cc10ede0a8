/** Boards for the web board's tests: features written straight to disk, as the Automaker app or a hand edit would. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRepo } from '../../servers/board/test/harness.js';
import { locateBoard } from '../../servers/board/store/board-location.js';
import { FeatureStore } from '../../servers/board/store/feature-store.js';
import { type BoardWeb, startBoardWeb } from './http-server.js';

export interface WebBoard {
  repo: string;
  stateDir: string;
  store: FeatureStore;
  web: BoardWeb;
  plant(id: string, fields?: Record<string, unknown>): void;
  plantApproval(id: string, fields: Record<string, unknown>): void;
  close(): Promise<void>;
}

const CREATED = '2026-11-27T09:00:00.000Z';

export function plantFeature(repo: string, id: string, fields: Record<string, unknown> = {}): void {
  const dir = join(repo, '.automaker', 'features', id);
  mkdirSync(dir, { recursive: true });
  const feature = {
    id,
    title: id,
    description: '',
    status: 'backlog',
    dependencies: [],
    createdAt: CREATED,
    updatedAt: CREATED,
    ...fields,
  };
  writeFileSync(join(dir, 'feature.json'), JSON.stringify(feature, null, 2));
}

/** An approval as the discord server stores it (`<state>/discord/<bot>/approvals/<id>.json`). */
export function plantApproval(stateDir: string, id: string, fields: Record<string, unknown>): void {
  const dir = join(stateDir, 'discord', 'no-bot', 'approvals');
  mkdirSync(dir, { recursive: true });
  const approval = {
    id,
    instanceId: 'inst01',
    title: id,
    details: '',
    status: 'pending',
    createdAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    channelId: '1',
    approvers: { users: [], roles: [] },
    requester: { instance: 'test', session: 's' },
    ...fields,
  };
  writeFileSync(join(dir, `${id}.json`), JSON.stringify(approval));
}

/** A repository with `features` planted before the server starts, served on a free port. */
export async function startWebBoard(
  features: Record<string, Record<string, unknown>> = {},
  approvals: Record<string, Record<string, unknown>> = {},
): Promise<WebBoard> {
  const repo = createRepo();
  const stateDir = join(repo, '..', `${repo.split('/').pop()}-state`);
  for (const [id, fields] of Object.entries(features)) plantFeature(repo, id, fields);
  for (const [id, fields] of Object.entries(approvals)) plantApproval(stateDir, id, fields);
  const store = new FeatureStore(await locateBoard(repo));
  const web = await startBoardWeb({ store, stateDir });
  return {
    repo,
    stateDir,
    store,
    web,
    plant: (id, fields) => plantFeature(repo, id, fields),
    plantApproval: (id, fields) => plantApproval(stateDir, id, fields),
    async close() {
      await web.close();
      await store.close();
      rmSync(repo, { recursive: true, force: true });
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
