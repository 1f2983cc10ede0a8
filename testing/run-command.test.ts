import { describe, expect, it } from 'vitest';
import { runCommand } from './run-command.js';

describe('runCommand', () => {
  it('fails with the command, its exit code and what it printed when it ends unexpectedly', async () => {
    const script = 'console.log("step 1 ok"); console.error("step 2 broke: no such thing"); process.exit(3)';
    const failure = await runCommand(process.execPath, ['-e', script]).catch((e: Error) => e);
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toContain(`${process.execPath} -e`);
    expect(message).toContain('expected exit code 0 (exit code 3)');
    expect(message).toMatch(/--- stdout ---\nstep 1 ok/);
    expect(message).toMatch(/--- stderr ---\nstep 2 broke: no such thing/);
  });

  it('returns the output of a command that ends with the expected code', async () => {
    const result = await runCommand(process.execPath, ['-e', 'console.log("hi"); process.exit(1)'], { expectCode: 1 });
    expect(result).toMatchObject({ stdout: 'hi\n', code: 1, signal: null });
  });

  it('names a command that could not be started', async () => {
    const failure = await runCommand('/nonexistent/protolabs-no-such-command', []).catch((e: Error) => e);
    expect((failure as Error).message).toMatch(/could not run \(ENOENT\)/);
  });
});
