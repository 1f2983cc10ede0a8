import type { Env } from '../../shared/env.js';

/** Where a sub-command reads its environment and writes its lines; tests pass their own. */
export interface CliIo {
  cwd: string;
  env: Env;
  out(line: string): void;
  err(line: string): void;
}

export const processIo = (): CliIo => ({
  cwd: process.cwd(),
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
