/** Sent in `initialize`; Claude Code's tool search reads it to decide when to load the board's tools (≤ 2,048 chars). */
export const BOARD_INSTRUCTIONS = `The team's kanban board for this git repository, shared by every Claude Code session working on it (stored in .automaker/ of the main checkout, compatible with the Automaker app), and one git worktree per feature.

- Plan: feature_create with a whole plan at once; dependencies may name other items of the same call by title.
- Work: feature_claim (no id) claims the next ready feature atomically — no other session gets it — moves it to in_progress and returns its worktree (own folder, branch feature/<slug>). Edit and commit only in that worktree, never in the main checkout. The claim is a lease your calls on the feature renew; an abandoned claim expires and can be taken over.
- Check: feature_verify runs the project's configured check in the worktree and records the evidence; review needs a passing run on the current commit.
- Record: feature_log appends notes to the feature's log; feature_update sets the summary.
- Finish: feature_release with status review once the PR is open (or blocked with a note, or backlog to give it back). Once its PR is merged on GitHub (merge, rebase or squash), feature_finish records it done, fast-forwards the local base and removes worktree and branch. Without a remote, worktree_merge merges an approved feature into the base branch locally; worktree_remove cleans up and refuses while work would be lost.
- Look: board_view, feature_list, feature_get, worktree_list, worktree_status.

Statuses: backlog → in_progress → review → done, plus blocked (needs a reason). A feature cannot start before its dependencies are done. A status shown as "in_progress (app: running)" is the Automaker app's own word; work the app is doing is never claimed unless you force it. The auto_mode prompt describes the full loop.`;
