// Committed launcher: runs a bundle from dist/, or explains why dist/ is missing instead of failing silently
// (npm hides the output of a git dependency's `prepare`, so a failed or skipped build would otherwise show nothing).
import { existsSync } from 'node:fs';

export async function launch(bundle) {
  const url = new URL(`../dist/${bundle}`, import.meta.url);
  if (!existsSync(url)) {
    const { explainMissingBuild } = await import('./install-check.js');
    process.stderr.write(explainMissingBuild(bundle));
    process.exit(1);
  }
  // Logged stacks name the TypeScript sources (dist/*.js.map) instead of the minified bundle.
  process.setSourceMapsEnabled(true);
  await import(url.href);
}
