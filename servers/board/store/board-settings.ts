import { readJson } from '../../../shared/atomic-json.js';
import { type Dialect, DIALECTS } from './dialect.js';
import type { BoardRoot } from './safe-path.js';
import { boardPath } from './safe-path.js';

/** What the board reads from `.automaker/settings.json` (the apps' ProjectSettings; they keep keys they do not know). */
export interface BoardSettings {
  /** Our key: which app's vocabulary to write, when detection from the statuses on disk would guess wrong. */
  dialect?: Dialect;
  /** Our `verifyCommand`, else protoMaker's workflow.requireVerificationEvidence.command (workflow-settings.ts:485-492). */
  verifyCommand?: string;
}

export async function readBoardSettings(location: BoardRoot): Promise<BoardSettings> {
  const read = await readJson<Record<string, unknown>>(boardPath(location, 'settings.json'));
  if (!read.ok || typeof read.value !== 'object' || read.value === null) return {};
  const value = read.value;
  const dialect = value.boardDialect;
  const workflow = value.workflow as { requireVerificationEvidence?: { command?: unknown } } | undefined;
  const command = [value.verifyCommand, workflow?.requireVerificationEvidence?.command].find((c) => typeof c === 'string' && c.trim());
  return {
    ...(DIALECTS.includes(dialect as Dialect) ? { dialect: dialect as Dialect } : {}),
    ...(typeof command === 'string' ? { verifyCommand: command } : {}),
  };
}
