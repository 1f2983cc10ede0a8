import { parseArgs } from 'node:util';
import { DEMO_OPTIONS } from './options.js';
import { runDemo } from './run.js';

let keep: boolean;
let web: boolean;
try {
  const { values } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== 'demo'), options: DEMO_OPTIONS, strict: true });
  keep = values.keep === true;
  web = values.web === true;
} catch (error) {
  process.stderr.write(
    `protolabs-mcp demo: ${(error as Error).message} (options: ${Object.keys(DEMO_OPTIONS)
      .map((o) => `--${o}`)
      .join(', ')})\n`,
  );
  process.exit(2);
}

// `protolabs-mcp demo | head` closes stdout early: stop printing, but still clean up.
let stdoutOpen = true;
process.stdout.on('error', () => {
  stdoutOpen = false;
});
process.exitCode = await runDemo({
  keep,
  web,
  write: (text) => {
    if (stdoutOpen) process.stdout.write(text);
  },
});
