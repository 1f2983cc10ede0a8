import { appendFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeParents } from './make-parents.js';

export interface AuditRecord {
  time: string;
  tool: string;
  args: unknown;
  outcome: 'ok' | 'error';
  error?: string;
  [field: string]: unknown;
}

/** Appends one JSON line per elevated call. Synchronous append: a record is never half-written by a later crash. */
export class AuditLog {
  constructor(readonly file: string) {}

  append(record: AuditRecord): void {
    makeParents(dirname(this.file), 0o700);
    appendFileSync(this.file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  }
}
