import { VERSION } from '../shared/version.js';

const SERVERS = ['board', 'github', 'discord', 'proxmox'] as const;

const HELP = `protolabs-mcp ${VERSION}: stdio MCP servers that give Claude Code a development team

Usage:
  protolabs-mcp <server>     run one server on stdio: ${SERVERS.join(' | ')}
  protolabs-mcp demo         run the whole loop against a scratch repository and loopback fakes
  protolabs-mcp --version
  protolabs-mcp --help
`;

async function main(argv: string[]): Promise<void> {
  const [command] = argv;
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return;
  }
  if ((SERVERS as readonly string[]).includes(command) || command === 'demo') {
    // Each server is its own bundle: starting one never loads another's dependencies.
    await import(new URL(`./${command}.js`, import.meta.url).href);
    return;
  }
  process.stderr.write(`protolabs-mcp: unknown command "${command}"\n\n${HELP}`);
  process.exitCode = 2;
}

await main(process.argv.slice(2));
