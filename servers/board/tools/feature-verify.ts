import * as z from 'zod';
import { WRITE } from '../../../shared/define-tool.js';
import { ConflictError, InputError, NotFoundError } from '../../../shared/errors.js';
import type { VerificationRun } from '../deps.js';
import { type VerificationEvidence, verifyWorktree } from '../verify/evidence.js';
import { worktreeOf } from '../verify/worktree-of.js';
import { defineBoardTool, featureId, renewLeaseIfHolder } from './common.js';
import { featureFor } from './worktree-common.js';

export const featureVerify = defineBoardTool({
  name: 'feature_verify',
  title: 'Verify a feature',
  description:
    'Run the repository’s configured check command in the feature’s worktree and record the evidence (exit code, output tail, head commit). Returns within ~45 s: if still running, call again to keep waiting. Review requires a passing run on the current head.',
  input: z.object({ id: featureId }).strict(),
  hints: { ...WRITE, idempotentHint: true },
  tier: 'basic',
  async handler({ id }, ctx) {
    const { deps } = ctx;
    const command = await deps.verifyCommand();
    if (!command) {
      throw new InputError(
        'No check command is configured; set BOARD_VERIFY_COMMAND, or "verifyCommand" (or protoMaker\'s workflow.requireVerificationEvidence.command) in .automaker/settings.json.',
      );
    }
    const feature = await featureFor(ctx, id);
    const cwd = await worktreeOf(await deps.worktrees(), feature);
    // A run that finished after the previous call returned "running" is recorded now, not run again.
    const previous = await deps.verifications.wait(id, 0);
    const unrecorded = previous.state === 'done' && !previous.result.recorded ? previous : undefined;
    if (!unrecorded && !deps.verifications.running(id)) {
      const now = () => new Date(deps.clock());
      deps.verifications.start(id, (signal) => verifyWorktree({ command, cwd, timeoutMs: deps.config.verifyTimeoutMs, signal, now }));
    }
    const state =
      unrecorded ??
      (await deps.verifications.wait(id, deps.verifyWaitMs, {
        signal: ctx.signal,
        onTick: (elapsedMs) => void ctx.progress(Math.round(elapsedMs / 1000), undefined, `running ${command}`),
      }));
    if (state.state === 'running') {
      return {
        data: { id, state: 'running', elapsedSeconds: Math.round(state.elapsedMs / 1000) },
        text: `Still running after ${Math.round(state.elapsedMs / 1000)} s; call feature_verify again to keep waiting.`,
      };
    }
    if (state.state !== 'done') {
      if (state.state === 'failed') ctx.log.error({ err: state.error, feature: id }, 'verification could not run');
      throw new ConflictError(`The verification of ${id} could not run; the server log has the details.`);
    }
    const evidence = await record(ctx, id, state.result);
    return {
      data: { id, state: 'done', evidence },
      text: `${evidence.passed ? 'PASSED' : 'FAILED'}${evidence.clean ? '' : ' (on uncommitted changes: commit, then verify again)'}: ${command} (exit ${evidence.exitCode}, ${Math.round(evidence.durationMs / 1000)} s) on ${evidence.headSha.slice(0, 12)}\n${evidence.output}`,
    };
  },
});

async function record(ctx: Parameters<typeof featureVerify.handler>[1], id: string, run: VerificationRun): Promise<VerificationEvidence> {
  const { deps } = ctx;
  const { recorded: _recorded, ...result } = run;
  const evidence: VerificationEvidence = {
    ...result,
    durationMs: Math.round(run.durationMs),
    output: run.timedOut
      ? `${run.output}\n[timed out after ${deps.config.verifyTimeoutMs / 1000} s; the process tree was killed]`
      : run.output,
  };
  const { store } = await deps.board();
  run.recorded = true;
  const saved = await store.transaction((board, writes) => {
    const fresh = board.features.get(id);
    if (!fresh) throw new NotFoundError(`Feature ${id} was deleted while it was being verified.`);
    const next = { ...fresh, verificationEvidence: evidence, updatedAt: evidence.ranAt };
    writes.save(next);
    return next;
  });
  await renewLeaseIfHolder(deps, store, saved);
  return evidence;
}
