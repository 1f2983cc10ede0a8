// Committed launcher: runs a bundle from dist/, or explains why dist/ is missing instead of failing silently
// (npm hides the output of a git dependency's `prepare`, so a failed or skipped build would otherwise show nothing).
import { existsSync, readFileSync } from 'node:fs';

export async function launch(bundle) {
  const url = new URL(`../dist/${bundle}`, import.meta.url);
  if (!existsSync(url)) {
    const errorFile = new URL('../dist/build-error.txt', import.meta.url);
    const why = existsSync(errorFile)
      ? `The build failed during install:\n${readFileSync(errorFile, 'utf8')}`
      : 'The package builds itself in npm\'s "prepare" step, which did not run.\n' +
        '- If npm has ignore-scripts=true (npm config get ignore-scripts), install with --ignore-scripts=false.\n' +
        '- Otherwise the newest file in ~/.npm/_logs/ tells what happened; "npm run build" in a clone shows it too.\n';
    process.stderr.write(`protolabs-mcp: ${bundle} is not built. ${why}- "protolabs-mcp doctor" checks the installation.\n`);
    process.exit(1);
  }
  await import(url.href);
}
