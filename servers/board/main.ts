import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createLogger } from '../../shared/logger.js';
import { runStdio } from '../../shared/run-stdio.js';
import { type BoardConfig, loadBoardConfig } from './config.js';
import { createBoardDeps } from './deps.js';
import { createBoardServer } from './server.js';

const log = createLogger('board', process.env);
let config: BoardConfig;
let configError: Error | undefined;
try {
  config = loadBoardConfig(process.env, process.cwd());
} catch (error) {
  configError = error as Error;
  log.error(configError.message);
  config = loadBoardConfig({}, process.cwd());
}
const session = `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
const deps = createBoardDeps({ config, actor: { session }, log, ...(configError ? { configError } : {}) });
await runStdio(createBoardServer(deps), { log, cleanup: () => deps.verifications.dispose() });
