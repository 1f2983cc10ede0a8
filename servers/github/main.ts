import { startServer } from '../../shared/start-server.js';
import { githubStart } from './start.js';

await startServer(githubStart);
