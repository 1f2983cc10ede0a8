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

export const DEFAULT_PACKAGE = 'github:protolabs/protolabs-mcp';

/** `owner/repo`, `github:owner/repo` or a GitHub URL → `github:owner/repo`; other git URLs are kept as they are. */
export function specFromRepository(repository: PackageInfo['repository']): string | undefined {
  const raw = typeof repository === 'string' ? repository : repository?.url;
  if (!raw) return undefined;
  const github = /^(?:github:|(?:git\+)?(?:https?|ssh|git):\/\/(?:git@)?github\.com\/|git@github\.com:)?([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(raw);
  if (github) return `github:${github[1]}/${github[2]}`;
  return raw;
}

const GIT_SPEC = /^(?:github:|gitlab:|bitbucket:|git\+|git:|[\w.-]+\/[\w.-]+$)/;

/**
 * The spec Claude Code's `npx -y <spec>` installs: `--package` if given, else package.json's `repository`, else
 * the project's GitHub repository; a git spec without a ref is pinned to this version's tag so a push never
 * triggers a rebuild at the next start.
 */
export function packageSpec(pkg: Pick<PackageInfo, 'version' | 'repository'>, override?: string): string {
  const spec = override ?? specFromRepository(pkg.repository) ?? DEFAULT_PACKAGE;
  if (spec.includes('#') || !GIT_SPEC.test(spec)) return spec;
  return `${spec}#v${pkg.version}`;
}

/** The spec without its `#ref`: what identifies an entry as ours, whatever version it pins. */
export function specBase(spec: string): string {
  return spec.replace(/#.*$/, '');
}
