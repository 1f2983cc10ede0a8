import { describe, expect, it } from 'vitest';
import { schemaDisagreements } from '../../../testing/schema-hostile.js';
import { botEnv, tempDir, useFixtures } from './harness.js';

const use = useFixtures();
// A valid value for each kind of patterned or formatted field; the first that matches a field is used.
const SAMPLES = ['https://example.com/pr/1', 'req_abc123', '1'];

describe('discord input schemas', () => {
  it('agree with the handlers both ways: what the published schema refuses never reaches Discord, its boundary values are never refused as input', async () => {
    const fake = await use.fake();
    const server = await use.server(botEnv(fake, tempDir('discord-schema-')));
    const { tools } = await server.client.listTools();
    const lines = await schemaDisagreements(tools, {
      call: (tool, args) => server.call(tool, args),
      requests: () => fake.requests.length,
      samples: SAMPLES,
    });
    expect(lines).toEqual([]);
  }, 60_000);
});
