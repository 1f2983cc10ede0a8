import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readJson } from '../../shared/atomic-json.js';
import {
  SERVER_NAMES,
  SERVER_VARIABLES,
  isOurEntry,
  parseServerList,
  repin,
  serverEntry,
  type McpServerEntry,
  type ServerName,
} from './entries.js';
import { processIo, type CliIo } from './io.js';
import { ownPackageSpec, specBase } from './package-info.js';
import { backUp, inspectWritableFile, ProjectFileError, writeProjectFile } from './project-file.js';

const USAGE = `Usage: protolabs-mcp init [--scope project|user] [--servers ${SERVER_NAMES.join(',')}] [--print] [--package <spec>] [--force]
  --scope project   merge the servers into ./.mcp.json (default; the old file is kept as .mcp.json.bak)
  --scope user      print the "claude mcp add --scope user" lines (~/.claude.json is Claude Code's to edit)
  --print           print the "claude mcp add" lines instead of writing anything
  --package <spec>  what npx installs (default: the spec this copy was installed from, pinned to its commit)
  --force           replace an entry of the same name that runs something else`;

interface InitOptions {
  scope: 'project' | 'user';
  servers: ServerName[];
  print: boolean;
  spec: string;
  force: boolean;
}

/** `protolabs-mcp init`: registers the servers with Claude Code, credentials as `${VAR}` references only. */
export async function runInit(args: string[], io: CliIo = processIo()): Promise<number> {
  let options: InitOptions;
  try {
    const parsed = parseOptions(args);
    if (parsed === 'help') {
      io.out(USAGE);
      return 0;
    }
    options = parsed;
  } catch (error) {
    io.err(`protolabs-mcp init: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (options.print || options.scope === 'user') {
    for (const server of options.servers) io.out(claudeMcpAddLine(server, options.spec, options.scope));
    printNextSteps(io, options);
    return 0;
  }
  return mergeProjectFile(io, options);
}

export const INIT_OPTIONS = {
  scope: { type: 'string', default: 'project' },
  servers: { type: 'string', default: SERVER_NAMES.join(',') },
  print: { type: 'boolean', default: false },
  package: { type: 'string' },
  force: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function parseOptions(args: string[]): InitOptions | 'help' {
  const { values, positionals } = parseArgs({
    args,
    options: INIT_OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new Error(`unexpected argument "${positionals[0]}"`);
  if (values.scope !== 'project' && values.scope !== 'user') throw new Error('--scope must be project or user');
  const servers = parseServerList(values.servers);
  if (servers.length === 0) throw new Error('--servers names no server');
  return {
    scope: values.scope,
    servers,
    print: values.print,
    spec: ownPackageSpec(values.package),
    force: values.force,
  };
}

type Outcome = 'added' | 'updated' | 'unchanged' | 'conflict' | 'replaced';

async function mergeProjectFile(io: CliIo, options: InitOptions): Promise<number> {
  try {
    return await mergeInto(io, options, join(io.cwd, '.mcp.json'));
  } catch (error) {
    if (!(error instanceof ProjectFileError)) throw error;
    io.err(`protolabs-mcp init: ${error.message}`);
    return 1;
  }
}

async function mergeInto(io: CliIo, options: InitOptions, file: string): Promise<number> {
  const existing = await inspectWritableFile(file);
  const read = await readJson<unknown>(file);
  if (!read.ok && !read.missing) {
    io.err(`protolabs-mcp init: .mcp.json could not be read (${read.error}); fix or move it, then run init again.`);
    return 1;
  }
  const config = read.ok ? read.value : {};
  if (!isObject(config) || (config.mcpServers !== undefined && !isObject(config.mcpServers))) {
    io.err('protolabs-mcp init: .mcp.json is not of the form {"mcpServers": {…}}; fix or move it, then run init again.');
    return 1;
  }
  const registered = (config.mcpServers ?? {}) as Record<string, unknown>;
  const servers: Record<string, unknown> = { ...registered };
  const base = specBase(options.spec);
  const outcomes = new Map<ServerName, Outcome>();
  for (const server of options.servers) {
    const current = registered[server];
    const wanted = serverEntry(server, options.spec);
    if (current === undefined) {
      servers[server] = wanted;
      outcomes.set(server, 'added');
    } else if (isOurEntry(current, base)) {
      const repinned = repin(current as McpServerEntry, base, options.spec);
      servers[server] = repinned;
      outcomes.set(server, JSON.stringify(repinned) === JSON.stringify(current) ? 'unchanged' : 'updated');
    } else if (options.force) {
      servers[server] = wanted;
      outcomes.set(server, 'replaced');
    } else {
      outcomes.set(server, 'conflict');
    }
  }
  const changed = [...outcomes.values()].some((o) => o === 'added' || o === 'updated' || o === 'replaced');
  if (changed) {
    if (read.ok) await backUp(file, `${file}.bak`);
    await writeProjectFile(file, `${JSON.stringify({ ...config, mcpServers: servers }, null, 2)}\n`, existing.mode);
  }
  for (const [server, outcome] of outcomes) io.out(describeOutcome(server, outcome, options.spec));
  if (changed) {
    io.out(
      `wrote .mcp.json${read.ok ? ' (the previous version is .mcp.json.bak)' : ''}; Claude Code asks you to approve its servers on the next start`,
    );
  } else io.out('.mcp.json is up to date; nothing written');
  printNextSteps(io, options);
  return [...outcomes.values()].includes('conflict') ? 1 : 0;
}

function describeOutcome(server: ServerName, outcome: Outcome, spec: string): string {
  switch (outcome) {
    case 'added':
      return `added    ${server}: npx -y ${spec} ${server}`;
    case 'updated':
      return `updated  ${server}: now pinned to ${spec}`;
    case 'unchanged':
      return `ok       ${server}: already registered`;
    case 'replaced':
      return `replaced ${server}: the previous entry (another command) is in .mcp.json.bak`;
    case 'conflict':
      return `skipped  ${server}: .mcp.json already has a "${server}" server that runs something else; remove it, or run init again with --force to replace it`;
  }
}

function printNextSteps(io: CliIo, options: InitOptions): void {
  const variables = options.servers.flatMap((s) => SERVER_VARIABLES[s].required);
  if (variables.length > 0) {
    io.out(`Set ${variables.join(', ')} in the environment Claude Code starts from (or use Infisical: see examples/claude.json).`);
  }
  if (!options.spec.includes('#'))
    io.out(`Unpinned: every start re-resolves ${options.spec}; pin a commit with --package ${options.spec}#<commit>.`);
  io.out(`Warm npx's cache once before the first start: npx -y ${options.spec} --version`);
  io.out(`Then check the set-up: npx -y ${options.spec} doctor`);
}

/** The `claude mcp add` line equivalent to the entry init writes; `${VAR}` single-quoted so the shell keeps it. */
export function claudeMcpAddLine(server: ServerName, spec: string, scope: 'project' | 'user'): string {
  const entry = serverEntry(server, spec);
  // --env is variadic: another flag must separate it from the server name, hence --scope after the --env pairs.
  const envFlags = Object.entries(entry.env ?? {}).flatMap(([name, value]) => ['--env', `${name}=${value}`]);
  const words = ['claude', 'mcp', 'add', '--transport', 'stdio', ...envFlags, '--scope', scope, server, '--', entry.command, ...entry.args];
  return words.map(shellQuote).join(' ');
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./#-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
