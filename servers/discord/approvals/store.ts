import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readJson, writeJsonAtomic } from '../../../shared/atomic-json.js';
import { ConflictError, NotFoundError } from '../../../shared/errors.js';
import { withFileLock } from '../../../shared/file-lock.js';
import { APPROVAL_ID, type Approval } from './model.js';

const DAY_MS = 86_400_000;

/**
 * Approvals on disk, shared by every server process of the user: `<state>/discord/approvals/<id>.json`, each
 * written atomically; every read-modify-write runs under that request's file lock, so the first decision wins
 * and is recorded once.
 */
export class ApprovalStore {
  private readonly approvals: string;
  private readonly interactions: string;
  private instance: string | undefined;

  constructor(readonly dir: string) {
    this.approvals = join(dir, 'approvals');
    this.interactions = join(dir, 'interactions');
  }

  static newId(): string {
    return `apr_${randomBytes(6).toString('base64url')}`;
  }

  async create(approval: Approval): Promise<void> {
    await mkdir(this.approvals, { recursive: true });
    await writeJsonAtomic(this.file(approval.id), approval);
  }

  async get(id: string): Promise<Approval | undefined> {
    if (!APPROVAL_ID.test(id)) return undefined;
    const read = await readJson<Approval>(this.file(id));
    if (read.ok) return read.value;
    if (read.missing) return undefined;
    throw new ConflictError(`The stored approval ${id} is unreadable; delete its file in the state directory.`);
  }

  async require(id: string): Promise<Approval> {
    const approval = await this.get(id);
    if (!approval) throw new NotFoundError(`No approval ${id}; approval_list shows the known ones.`);
    return approval;
  }

  /** Every stored approval, newest first (unreadable files are skipped). */
  async list(): Promise<Approval[]> {
    const names = await readdir(this.approvals).catch(() => [] as string[]);
    const all = await Promise.all(names.filter((n) => n.endsWith('.json')).map((n) => this.get(n.slice(0, -5)).catch(() => undefined)));
    return all.filter((a): a is Approval => a !== undefined).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /**
   * Applies `change` under the request's lock. `change` returns the new record, or undefined to leave it as
   * it is; the result says whether this call made the change (so only one process acts on a transition).
   */
  async update(id: string, change: (current: Approval) => Approval | undefined): Promise<{ changed: boolean; approval: Approval }> {
    await this.require(id);
    return withFileLock(`${this.file(id)}.lock`, async () => {
      const current = await this.require(id);
      const next = change(current);
      if (!next) return { changed: false, approval: current };
      await writeJsonAtomic(this.file(id), next);
      return { changed: true, approval: next };
    });
  }

  async remove(id: string): Promise<void> {
    if (APPROVAL_ID.test(id)) await rm(this.file(id), { force: true });
  }

  /**
   * Claims an interaction for this process with an exclusive create: true exactly once per interaction id
   * across every process sharing the state directory, so a click is acknowledged once.
   */
  async claimInteraction(interactionId: string): Promise<boolean> {
    if (!/^\d{1,25}$/.test(interactionId)) return false;
    await mkdir(this.interactions, { recursive: true });
    try {
      await writeFile(join(this.interactions, interactionId), String(process.pid), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  }

  /** Removes interaction claims older than a day (Discord's interaction tokens last 15 minutes). */
  async pruneInteractions(now = Date.now()): Promise<void> {
    const names = await readdir(this.interactions).catch(() => [] as string[]);
    for (const name of names) {
      const file = join(this.interactions, name);
      const info = await stat(file).catch(() => undefined);
      if (info && now - info.mtimeMs > DAY_MS) await rm(file, { force: true });
    }
  }

  /** This instance's id, created once per state directory and shared by all its processes. */
  async instanceId(): Promise<string> {
    if (this.instance) return this.instance;
    const file = join(this.dir, 'instance-id');
    await mkdir(this.dir, { recursive: true });
    try {
      await writeFile(file, randomBytes(6).toString('base64url'), { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // Read back rather than trust our own write: another process may have created it first.
    for (let i = 0; i < 20 && !this.instance; i += 1) {
      const text = (await readFile(file, 'utf8')).trim();
      if (/^[A-Za-z0-9_-]{4,}$/.test(text)) this.instance = text;
      else await new Promise((resolve) => setTimeout(resolve, 10));
    }
    if (!this.instance) throw new ConflictError(`The instance id file ${file} is corrupt; delete it.`);
    return this.instance;
  }

  private file(id: string): string {
    return join(this.approvals, `${id}.json`);
  }
}
