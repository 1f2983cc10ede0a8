// What to tell someone whose copy of the package has no dist/: plain JavaScript with no dependencies, because
// it must run exactly when nothing was built. It says why, where the broken copy is, and the commands that fix
// it for the way it was installed (npx keeps reusing a broken copy in its cache until that folder is removed).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url)).replace(/[\\/]$/, '');

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** `ignore-scripts` as npm resolves it (environment, project, user and global config), or undefined. */
function npmIgnoreScripts() {
  const fromEnv = process.env.npm_config_ignore_scripts;
  if (fromEnv !== undefined) return fromEnv;
  try {
    return execFileSync('npm', ['config', 'get', 'ignore-scripts'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 15_000,
    }).trim();
  } catch {
    return undefined;
  }
}

/** How this copy was installed: npx's cache (with the spec it was asked for), a global install, or a clone. */
export function describeInstall(dir = packageDir) {
  const name = readJson(join(dir, 'package.json'))?.name ?? 'protolabs-mcp';
  const npx = dir.match(/^(.*[\\/]_npx[\\/][^\\/]+)[\\/]node_modules[\\/]/);
  if (npx) {
    const cacheFolder = npx[1];
    const spec = readJson(join(cacheFolder, 'package.json'))?.dependencies?.[name];
    return { kind: 'npx', dir, name, cacheFolder, spec: spec ?? `<the same spec as before>` };
  }
  if (existsSync(join(dir, 'scripts', 'build.mjs')) && existsSync(join(dir, 'servers'))) return { kind: 'clone', dir, name };
  if (basename(dirname(dir)) === 'node_modules') return { kind: 'installed', dir, name };
  return { kind: 'unknown', dir, name };
}

function fixCommands(install) {
  const quote = (s) => (/^[\w@%+=:,./#-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  switch (install.kind) {
    case 'npx':
      return [`rm -rf ${quote(install.cacheFolder)}`, `npm_config_ignore_scripts=false npx -y ${quote(install.spec)} --version`];
    case 'clone':
      return [`cd ${quote(install.dir)} && npm install && npm run build`];
    default:
      return [`npm install --ignore-scripts=false <the spec you installed from>   (in the project or with -g, as before)`];
  }
}

/** The whole explanation for a missing `dist/<bundle>`, as printed by the launcher. */
export function explainMissingBuild(bundle, install = describeInstall()) {
  const errorFile = join(install.dir, 'dist', 'build-error.txt');
  const lines = [`protolabs-mcp: dist/${bundle} is not built, so it cannot start. What was checked:`];
  lines.push(
    `- node ${process.versions.node}: ${Number(process.versions.node.split('.')[0]) >= 20 ? 'ok' : 'too old, 20.17 or later is needed'}`,
  );
  if (existsSync(errorFile)) {
    lines.push(`- the build ran during install and failed:\n${readFileSync(errorFile, 'utf8').trimEnd().replace(/^/gm, '    ')}`);
  } else {
    const ignore = npmIgnoreScripts();
    lines.push(
      ignore === 'true'
        ? '- npm has ignore-scripts=true, so npm skipped the "prepare" step that builds the package'
        : `- npm's "prepare" step, which builds the package, did not run (ignore-scripts=${ignore ?? 'unknown'}; the newest file in ~/.npm/_logs/ may say why)`,
    );
  }
  const where = {
    npx: `npx's cache, which npx reuses until it is removed: ${install.cacheFolder}`,
    clone: `a clone: ${install.dir}`,
    installed: install.dir,
    unknown: install.dir,
  }[install.kind];
  lines.push(`- this copy is in ${where}`);
  lines.push('To fix it, run:', ...fixCommands(install).map((c) => `  ${c}`));
  lines.push('(Every protolabs-mcp command, doctor included, prints this check until the build exists.)');
  return `${lines.join('\n')}\n`;
}
