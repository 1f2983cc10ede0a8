/** Sent in `initialize`; Claude Code's tool search reads it to decide when to load the board's tools (≤ 2,048 chars). */
export const BOARD_INSTRUCTIONS = `The team's kanban board for this git repository (shared by every Claude Code session working on it, stored in .automaker/ in the main checkout, compatible with the Automaker app).

Use it to plan work and to work the queue:
- Plan: feature_create with a whole plan at once; dependencies may name other items of the same call by title.
- Work: feature_claim (no id) claims the next ready feature atomically — no other session gets it — and moves it to in_progress. Work only on features you claimed. The claim is a lease that your calls on the feature renew; an abandoned claim expires and can be taken over.
- Record: feature_log appends notes to the feature's local log; feature_update sets the summary.
- Finish: feature_release with status review once the PR is open (or blocked with a note, or backlog to give it back).
- Look: board_view for the overview, feature_list / feature_get for details.

Statuses: backlog → in_progress → review → done, plus blocked (needs a reason). A feature cannot start before its dependencies are done.
The auto_mode prompt describes the full loop.`;
