/**
 * A feature's work log, read and appended without following links, and read only at its end: a log of any size
 * (one 5 MB line included) yields a tail of a few KB, with a marker saying how to read the rest.
 *
 * Our notes go to `board-log.md`; the apps own `agent-output.md` beside it: they rewrite it in full during a run and
 * resume from it when it exists (upstream auto-mode-service.ts:2245-2248, :448-459), so appending there would be lost
 * or fed back to their agent. The tail shows both: the app's output first, then our notes.
 */
import type { BoardLocation } from '../store/board-location.js';
import { appendNoFollow, boardPath, readTailNoFollow } from '../store/safe-path.js';
import { safeText } from './text.js';

const LOG_FILE = 'board-log.md';
const APP_OUTPUT_FILE = 'agent-output.md';
/** Read from the end of the file; the lines shown come from this much of it. */
const TAIL_READ_BYTES = 64 * 1024;
export const LOG_LINE_CHARS = 1000;
export const LOG_TAIL_CHARS = 8000;

export function workLogPath(location: BoardLocation, id: string): string {
  return boardPath(location, 'features', id, LOG_FILE);
}

export async function appendWorkLog(location: BoardLocation, id: string, text: string): Promise<void> {
  await appendNoFollow(workLogPath(location, id), text.endsWith('\n') ? text : `${text}\n`);
}

/** The last `lines` lines of our notes, preceded by the app's output as far as `lines` and the budget allow. */
export async function workLogTail(location: BoardLocation, id: string, lines: number): Promise<{ lines: string[]; cut?: string }> {
  const ours = await fileTail(location, id, LOG_FILE, lines, LOG_TAIL_CHARS);
  const used = ours.lines.reduce((n, line) => n + line.length, 0);
  const app =
    ours.lines.length < lines
      ? await fileTail(location, id, APP_OUTPUT_FILE, lines - ours.lines.length, LOG_TAIL_CHARS - used)
      : { lines: [] };
  const cut = [app.cut, ours.cut].filter(Boolean).join(' ');
  return { lines: [...app.lines, ...ours.lines], ...(cut ? { cut } : {}) };
}

/** The last `lines` lines of one file (each cut at LOG_LINE_CHARS, all within `budget`), plus a marker when cut. */
async function fileTail(
  location: BoardLocation,
  id: string,
  file: string,
  lines: number,
  budget: number,
): Promise<{ lines: string[]; cut?: string }> {
  const read = await readTailNoFollow(boardPath(location, 'features', id, file), TAIL_READ_BYTES);
  if (!read) return { lines: [] };
  const all = safeText(read.text).trimEnd().split('\n');
  if (read.size > TAIL_READ_BYTES) all.shift(); // the first line read is probably partial
  const kept: string[] = [];
  let chars = 0;
  let cutLines = false;
  for (let i = all.length - 1; i >= 0 && kept.length < lines; i--) {
    let line = all[i] ?? '';
    if (line.length > LOG_LINE_CHARS) {
      line = `${line.slice(0, LOG_LINE_CHARS)}… [line cut at ${LOG_LINE_CHARS} characters]`;
      cutLines = true;
    }
    if (chars + line.length > budget) break;
    chars += line.length;
    kept.unshift(line);
  }
  const earlier = read.size > TAIL_READ_BYTES || kept.length < all.length;
  if (!earlier && !cutLines) return { lines: kept };
  return {
    lines: kept,
    cut: `The log ${file} (${read.size} bytes) is shown in part; the whole file is .automaker/features/${id}/${file} in the main checkout.`,
  };
}
