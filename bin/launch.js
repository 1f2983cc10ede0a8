// Committed launcher: runs a bundle from dist/, or explains why dist/ is missing instead of failing silently
// (npm hides the output of a git dependency's `prepare`, so a failed or skipped build would otherwise show nothing).
import { existsSync } from 'node:fs';

export async function launch(bundle) {
  const url = new URL(`../dist/${bundle}`, import.meta.url);
  if (!existsSync(url)) {
    process.stderr.write(
      `protolabs-mcp: ${bundle} is not built. The package builds itself in npm's "prepare" step, which did not run or failed.\n` +
        '- If npm has ignore-scripts=true (npm config get ignore-scripts), install with --ignore-scripts=false.\n' +
        '- Otherwise the build failed: the newest file in ~/.npm/_logs/ has its output; "npm run build" in a clone shows it too.\n' +
        '- "protolabs-mcp doctor" checks the installation.\n',
    );
    process.exit(1);
  }
  await import(url.href);
}
