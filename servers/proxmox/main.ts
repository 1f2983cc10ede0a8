import { startServer } from '../../shared/start-server.js';
import { proxmoxStart } from './start.js';

await startServer(proxmoxStart);
