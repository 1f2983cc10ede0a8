import { VERSION } from '../../shared/version.js';
import { SERVER_NAMES, parseServerList, type ServerName } from '../init/entries.js';
import { processIo, type CliIo } from '../init/io.js';
import { findPackage, packageSpec } from '../init/package-info.js';
import { checkBoard } from './board-check.js';
import { checkDiscord } from './discord-check.js';
import { checkGitHub } from './github-check.js';
import { checkProxmox } from './proxmox-check.js';
import { formatCheck, type Check } from './report.js';
import { checkBuilt, checkGit, checkIgnoreScripts, checkNode, checkNpx } from './system.js';

const USAGE = `Usage: protolabs-mcp doctor [${SERVER_NAMES.join('|')} …]
Checks Node, git, npm's ignore-scripts, the build, and each server's environment; with credentials, one
authenticated read against each service. Exit code 1 when something needs fixing.`;

/** Variables whose values must never reach the output, even inside an upstream answer. */
const SECRET_VARIABLES = ['GITHUB_TOKEN', 'DISCORD_TOKEN', 'DISCORD_WEBHOOK_URL', 'PROXMOX_TOKEN_VALUE'];

export interface DoctorOptions {
  /** Per request to GitHub, Discord or Proxmox. */
  timeoutMs?: number;
}

/** `protolabs-mcp doctor [server…]`: one line per check, OK or the exact fix. */
export async function runDoctor(args: string[], io: CliIo = processIo(), options: DoctorOptions = {}): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  let servers: ServerName[];
  try {
    const flag = args.find((a) => a.startsWith('-'));
    if (flag) throw new Error(`unknown option ${flag}`);
    servers = args.length > 0 ? parseServerList(args.join(',')) : [...SERVER_NAMES];
  } catch (error) {
    io.err(`protolabs-mcp doctor: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const timeoutMs = options.timeoutMs ?? 5000;
  const pkg = findPackage(import.meta.url);
  const spec = packageSpec(pkg);
  io.out(`protolabs-mcp ${VERSION} doctor (${pkg.root})`);
  const perServer: Record<ServerName, () => Promise<Check[]>> = {
    board: () => checkBoard(io.env, io.cwd),
    github: () => checkGitHub(io.env, io.cwd, timeoutMs),
    discord: () => checkDiscord(io.env, timeoutMs),
    proxmox: () => checkProxmox(io.env, timeoutMs),
  };
  const groups = await Promise.all([
    Promise.all([checkNode(), checkGit(io.env), checkIgnoreScripts(io.env, spec), checkBuilt(pkg.root, servers)]),
    checkNpx(io.env, spec),
    ...servers.map((server) => perServer[server]()),
  ]);
  const checks = groups.flat();
  const scrub = secretScrubber(io.env);
  for (const check of checks) io.out(scrub(formatCheck(check)));
  const failures = checks.filter((c) => c.status === 'fail').length;
  io.out(failures === 0 ? 'No problems found.' : `${failures} problem${failures === 1 ? '' : 's'} to fix (the FAIL lines above).`);
  return failures === 0 ? 0 : 1;
}

function secretScrubber(env: CliIo['env']): (line: string) => string {
  const secrets = SECRET_VARIABLES.map((v) => env[v]).filter((s): s is string => typeof s === 'string' && s.length >= 6);
  return (line) => secrets.reduce((text, secret) => text.split(secret).join('[redacted]'), line);
}
