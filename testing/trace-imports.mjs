// Preloaded with `--import` by end-to-end tests: reports on stderr every module whose resolved URL matches the
// TRACE_IMPORTS pattern, so a test can prove that initialize and tools/list never load a heavy library.
import { register } from 'node:module';

register('./trace-hooks.mjs', import.meta.url, { data: { pattern: process.env.TRACE_IMPORTS ?? '$^' } });
