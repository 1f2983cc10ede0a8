import { startServer } from '../../shared/start-server.js';
import { discordStart } from './start.js';

await startServer(discordStart);
