#!/usr/bin/env node
// npm run readme:tools — rewrites the README's tool lists from the servers (cli/readme/tool-lists.ts).
import { root, runTs } from './run-ts.mjs';

await runTs('cli/readme/write-tool-lists.ts', [root]);
