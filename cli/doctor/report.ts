export type Status = 'ok' | 'warn' | 'fail';

/** One doctor line: what was checked and either what is fine or the exact fix. */
export interface Check {
  status: Status;
  subject: string;
  message: string;
}

export const ok = (subject: string, message: string): Check => ({ status: 'ok', subject, message });
export const warn = (subject: string, message: string): Check => ({ status: 'warn', subject, message });
export const fail = (subject: string, message: string): Check => ({ status: 'fail', subject, message });

const TAG: Record<Status, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

export function formatCheck(check: Check): string {
  return `${TAG[check.status]}  ${check.subject}: ${check.message}`;
}
