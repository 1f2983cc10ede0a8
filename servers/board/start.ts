import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { keepConfigError, type ServerStart } from '../../shared/start-server.js';
import { loadBoardConfig } from './config.js';
import { createBoardDeps } from './deps.js';
import { createBoardServer } from './server.js';

/** How the board server starts (shared/start-server.ts runs it; main.ts is the entry point). */
export const boardStart: ServerStart = {
  name: 'board',
  secrets: () => [],
  create({ env, log }) {
    const { config, configError } = keepConfigError(
      () => loadBoardConfig(env, process.cwd()),
      () => loadBoardConfig({}, process.cwd()),
    );
    const session = `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
    const deps = createBoardDeps({ config, actor: { session }, log, ...(configError ? { configError } : {}) });
    return { server: createBoardServer(deps), configError, cleanup: () => deps.verifications.dispose() };
  },
};
