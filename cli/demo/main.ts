import { runDemo } from './run.js';

// `protolabs-mcp demo | head` closes stdout early: stop printing, but still clean up.
let stdoutOpen = true;
process.stdout.on('error', () => {
  stdoutOpen = false;
});
process.exitCode = await runDemo({
  keep: process.argv.includes('--keep'),
  write: (text) => {
    if (stdoutOpen) process.stdout.write(text);
  },
});
