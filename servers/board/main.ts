import { startServer } from '../../shared/start-server.js';
import { boardStart } from './start.js';

await startServer(boardStart);
