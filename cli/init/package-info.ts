import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  /** The folder holding the package's package.json (the clone, or the installed package under node_modules). */
  root: string;
  name: string;
  version: string;
  repository?: string | { url?: string };
}

/**
 * The package this code runs from: the nearest package.json above `fromUrl`. The bundle sits in `dist/cli.js` and
 * the sources in `cli/<command>/`, so a fixed `../package.json` would be right for only one of them.
 */
export function findPackage(fromUrl: string = import.meta.url): PackageInfo {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as Omit<PackageInfo, 'root'>;
      return { ...json, root: dir };
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('protolabs-mcp: cannot find its own package.json above the running code');
    dir = parent;
  }
}

/** Where this package lives when nothing says otherwise (no --package, no `repository`, no `origin`). */
export const DEFAULT_PACKAGE = 'github:protolabs/protolabs-mcp';

/** `owner/repo`, `github:owner/repo` or a GitHub URL → `github:owner/repo`; other git URLs are kept as they are. */
export function specFromRepository(repository: PackageInfo['repository']): string | undefined {
  const raw = typeof repository === 'string' ? repository : repository?.url;
  if (!raw) return undefined;
  const github =
    /^(?:github:|(?:git\+)?(?:https?|ssh|git):\/\/(?:git@)?github\.com\/|git@github\.com:)?([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(raw);
  if (github) return `github:${github[1]}/${github[2]}`;
  return raw;
}

/** What this copy was installed from, as far as it can tell: the spec asked for and the commit it resolved to. */
export interface InstallSource {
  spec?: string;
  commit?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: package.json and package-lock.json of any shape, probed field by field
function readJsonFile(file: string): Record<string, any> | undefined {
  try {
    // biome-ignore lint/suspicious/noExplicitAny: as above
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
  } catch {
    return undefined;
  }
}

function gitOutput(cwd: string, args: string[]): string | undefined {
  try {
    return (
      execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim() ||
      undefined
    );
  } catch {
    return undefined;
  }
}

/**
 * npx keeps, beside the package (`<cache>/_npx/<hash>/node_modules/<name>`), the spec it was asked for
 * (`package.json`) and the commit npm resolved it to (`package-lock.json`); a clone knows its `origin` and HEAD.
 */
export function installSource(pkg: Pick<PackageInfo, 'root' | 'name'>): InstallSource {
  const npx = /^(.*[\\/]_npx[\\/][^\\/]+)[\\/]node_modules[\\/]/.exec(`${pkg.root}/`);
  if (npx) {
    const folder = npx[1] as string;
    const spec = readJsonFile(join(folder, 'package.json'))?.dependencies?.[pkg.name] as string | undefined;
    const resolved = readJsonFile(join(folder, 'package-lock.json'))?.packages?.[`node_modules/${pkg.name}`]?.resolved as
      | string
      | undefined;
    const commit = /#([0-9a-f]{40})$/.exec(resolved ?? '')?.[1];
    return { ...(spec ? { spec } : {}), ...(commit ? { commit } : {}) };
  }
  if (existsSync(join(pkg.root, '.git'))) {
    const origin = gitOutput(pkg.root, ['remote', 'get-url', 'origin']);
    const commit = gitOutput(pkg.root, ['rev-parse', 'HEAD']);
    // A clone of a clone (CI, a local mirror) has a path for origin: that names no package anyone else can install.
    const remote = origin && /^(?:[\w+.-]+:\/\/(?!\/)|[\w.-]+@[\w.-]+:)/.test(origin) && !origin.startsWith('file:') ? origin : undefined;
    const spec = remote ? specFromRepository(remote) : undefined;
    return { ...(spec ? { spec } : {}), ...(commit && /^[0-9a-f]{40}$/.test(commit) ? { commit } : {}) };
  }
  return {};
}

const GIT_SPEC = /^(?:github:|gitlab:|bitbucket:|git\+|git:|[\w.-]+\/[\w.-]+$)/;

/**
 * The spec Claude Code's `npx -y <spec>` installs: `--package` if given, else what this copy was installed from,
 * else package.json's `repository`, else the default. A git spec without a ref is pinned to the commit this copy
 * was built from (a ref that exists, unlike a tag nobody made), so a push never triggers a rebuild at the next start.
 */
export function packageSpec(pkg: Pick<PackageInfo, 'repository'>, override?: string, source: InstallSource = {}): string {
  const spec = override ?? source.spec ?? specFromRepository(pkg.repository) ?? DEFAULT_PACKAGE;
  if (spec.includes('#') || !GIT_SPEC.test(spec) || !source.commit) return spec;
  return `${spec}#${source.commit}`;
}

/** The spec `init` writes for the package it runs from. */
export function ownPackageSpec(override?: string): string {
  const pkg = findPackage(import.meta.url);
  return packageSpec(pkg, override, override ? {} : installSource(pkg));
}

/** The spec without its `#ref`: what identifies an entry as ours, whatever version it pins. */
export function specBase(spec: string): string {
  return spec.replace(/#.*$/, '');
}
