import { isServerName, SERVER_NAMES } from '../shared/servers.js';
import { VERSION } from '../shared/version.js';

const HELP = `protolabs-mcp ${VERSION}: stdio MCP servers that give Claude Code a development team

Usage:
  protolabs-mcp <server>            run one server on stdio: ${SERVER_NAMES.join(' | ')}
  protolabs-mcp demo [--keep] [--web]
                                    the whole loop against a scratch repository and loopback fakes (no credentials);
                                    --keep leaves the scratch repository and prints where it is; --web serves the
                                    scratch board as a live page while the loop runs
  protolabs-mcp init [--scope project|user] [--servers board,github,…] [--print] [--package <spec>] [--force]
                                    register the servers with Claude Code (.mcp.json, or claude mcp add lines);
                                    protolabs-mcp init --help explains each option
  protolabs-mcp doctor [server…]    check Node, git, the build, each server's environment and credentials
  protolabs-mcp board [--watch | --json | --print | --web [--port N]]
                                    this repository's board: columns in a terminal, --watch redraws on change,
                                    --json for scripts, --print plain text, --web a live read-only page on
                                    127.0.0.1 (a free port unless --port); over pipes (Claude Code) it is the server
  protolabs-mcp --version | --help
`;

/** `board` in a terminal (or with a view flag) prints the board; launched by an MCP client over pipes it is the server. */
function wantsBoardView(args: string[]): boolean {
  return args.some((a) => ['--watch', '--json', '--print', '--web'].includes(a)) || process.stdin.isTTY === true;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return;
  }
  if (command === 'board' && wantsBoardView(rest)) {
    const { runBoardView } = await import('./board-view/run.js');
    process.exitCode = await runBoardView(rest);
    return;
  }
  if (command === 'init') {
    const { runInit } = await import('./init/run.js');
    process.exitCode = await runInit(rest);
    return;
  }
  if (command === 'doctor') {
    const { runDoctor } = await import('./doctor/run.js');
    process.exitCode = await runDoctor(rest);
    return;
  }
  if (isServerName(command) || command === 'demo') {
    // Each server is its own bundle: starting one never loads another's dependencies.
    await import(new URL(`./${command}.js`, import.meta.url).href);
    return;
  }
  process.stderr.write(`protolabs-mcp: unknown command "${command}"\n\n${HELP}`);
  process.exitCode = 2;
}

await main(process.argv.slice(2));
