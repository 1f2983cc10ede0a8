// Run by scripts/readme-tools.mjs: rewrites README.md's tool lists in place.
import { readFileSync, writeFileSync } from 'node:fs';
import { withToolLists } from './tool-lists.js';

const root = process.argv[2] as string;
const file = `${root}README.md`;
writeFileSync(file, withToolLists(readFileSync(file, 'utf8'), root));
