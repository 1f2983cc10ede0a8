import { describe, expect, it } from 'vitest';
import { BOARD_VIEW_FLAGS } from '../board-view/run.js';
import { DEMO_OPTIONS } from '../demo/options.js';
import { INIT_OPTIONS } from '../init/run.js';
import { PROJECT_ROOT } from '../../testing/mcp-client.js';
import { runCommand } from '../../testing/run-command.js';
import { SERVER_NAMES } from '../../shared/servers.js';

const cli = (args: string[], expectCode = 0) => runCommand(process.execPath, [`${PROJECT_ROOT}dist/cli.js`, ...args], { expectCode });

describe('protolabs-mcp --help', () => {
  it('lists every sub-command with every option each one accepts', async () => {
    const { stdout } = await cli(['--help']);
    const line = (command: string) => stdout.split('\n').find((l) => l.startsWith(`  protolabs-mcp ${command}`)) ?? '';
    for (const flag of Object.keys(DEMO_OPTIONS)) expect(line('demo'), `demo --${flag}`).toContain(`--${flag}`);
    for (const flag of Object.keys(INIT_OPTIONS).filter((f) => f !== 'help')) expect(line('init'), `init --${flag}`).toContain(`--${flag}`);
    for (const flag of BOARD_VIEW_FLAGS) expect(line('board'), `board ${flag}`).toContain(flag);
    expect(line('doctor')).toContain('[server…]');
    for (const server of SERVER_NAMES) expect(line('<server>')).toContain(server);
  });

  it('refuses an option the demo does not know, naming the ones it does', async () => {
    const { stderr } = await cli(['demo', '--kep'], 2);
    expect(stderr).toMatch(/protolabs-mcp demo: .*--kep.*\(options: --keep\b[^)]*\)/);
  });
});
