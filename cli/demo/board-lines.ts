// The demo's board after a step, by title: the features it planned are named as a reader knows them, in the order
// they were planned, so two snapshots of the board line up.
export interface BoardViewData {
  counts: Record<string, number>;
  inProgress: Array<{ id: string; claimedBy: string | null; worktree?: string }>;
  ready: Array<{ id: string }>;
  blocked: Array<{ id: string; reason?: string; waitsOn?: string[] }>;
}

export function boardLines(view: BoardViewData, titles: Map<string, string>, repo: string): string {
  const name = (id: string) => titles.get(id) ?? id;
  const order = [...titles.keys()];
  const byPlan = <T extends { id: string }>(items: T[]) => [...items].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const lines = [
    Object.entries(view.counts)
      .map(([status, n]) => `${status} ${n}`)
      .join(' · '),
  ];
  for (const f of byPlan(view.inProgress)) {
    lines.push(`▶ ${name(f.id)}: held by ${f.claimedBy ?? 'nobody'}${f.worktree ? ` in ${f.worktree.replace(`${repo}/`, '')}` : ''}`);
  }
  if (view.ready.length)
    lines.push(
      `Ready: ${byPlan(view.ready)
        .map((f) => name(f.id))
        .join(', ')}`,
    );
  for (const f of byPlan(view.blocked)) {
    lines.push(`✕ ${name(f.id)}: ${f.reason ?? `waits on ${(f.waitsOn ?? []).map(name).join(', ')}`}`);
  }
  return lines.join('\n');
}
