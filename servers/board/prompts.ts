import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import type { BoardDeps } from './deps.js';
import { FEATURE_ID_PATTERN } from './store/feature.js';
import { DESCRIPTION_MAX } from './tools/common.js';
import { cutText } from './tools/feature-view.js';
import { safeLine } from './tools/text.js';

const AUTO_MODE = `Work the board's queue until it is empty:

1. Call feature_claim with no id. If it answers feature: null, report the reason and stop.
2. Work only in the feature's worktree (the path it returns) on its branch; read feature_get for dependencies and their summaries.
3. Implement the feature with small commits; record decisions and progress with feature_log.
4. Run the project's checks (feature_verify when configured) and fix what fails.
5. Push and open a pull request (the github server's pr_open, with this feature's id).
6. Set a short summary with feature_update, then feature_release with status review.
7. Go back to step 1.

If you are stuck, feature_release with status blocked and a note saying what a human must decide.`;

/** `auto_mode` (the queue loop) and `implement_feature` (one feature, with its context). */
export function registerBoardPrompts(server: McpServer, deps: BoardDeps): void {
  server.registerPrompt(
    'auto_mode',
    { title: 'Work the queue', description: 'Claim, implement, test, open a PR, release for review — repeat.' },
    () => ({
      messages: [{ role: 'user', content: { type: 'text', text: AUTO_MODE } }],
    }),
  );

  server.registerPrompt(
    'implement_feature',
    {
      title: 'Implement a feature',
      description: 'The brief for one feature: description, dependencies and where to work.',
      argsSchema: { id: z.string().regex(FEATURE_ID_PATTERN).describe('Feature id') },
    },
    async ({ id }) => {
      const { store } = await deps.board();
      const board = await store.snapshot();
      const feature = await store.get(id);
      const dependencies = feature.dependencies
        .map((d) => board.features.get(d))
        .filter((d) => d !== undefined)
        .slice(0, 50)
        .map(
          (d) =>
            `- ${safeLine(d.title)} (${d.status})${d.summary ? `: ${cutText(d.summary, 2000, `the rest is in feature ${d.id}`)}` : ''}`,
        );
      const text = [
        `Implement feature ${feature.id}: ${safeLine(feature.title)}`,
        '',
        cutText(feature.description, DESCRIPTION_MAX, 'feature_get shows it, or read its feature.json') || '(no description)',
        '',
        dependencies.length ? `It builds on:\n${dependencies.join('\n')}` : 'It has no dependencies.',
        '',
        feature.worktreePath
          ? `Work in ${safeLine(feature.worktreePath, 1000)} on branch ${safeLine(feature.branchName ?? '', 200)}.`
          : 'Claim it first with feature_claim {id} to get its worktree.',
        'Log progress with feature_log, verify, open a PR, then feature_release with status review.',
      ].join('\n');
      return { messages: [{ role: 'user', content: { type: 'text', text } }] };
    },
  );
}
