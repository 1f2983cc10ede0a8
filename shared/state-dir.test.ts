import { describe, expect, it } from 'vitest';
import { stateDir } from './state-dir.js';

describe('stateDir', () => {
  it('takes PROTOLABS_STATE_DIR, else XDG_STATE_HOME, else ~/.local/state', () => {
    expect(stateDir({ PROTOLABS_STATE_DIR: '/s', HOME: '/h' })).toBe('/s');
    expect(stateDir({ XDG_STATE_HOME: '/x', HOME: '/h' })).toBe('/x/protolabs-mcp');
    expect(stateDir({ HOME: '/h' })).toBe('/h/.local/state/protolabs-mcp');
  });

  it('treats an unexpanded ${…} as not set instead of a relative folder of that name', () => {
    expect(stateDir({ PROTOLABS_STATE_DIR: '${PROTOLABS_STATE_DIR}', XDG_STATE_HOME: '${XDG_STATE_HOME:-}', HOME: '/h' })).toBe(
      '/h/.local/state/protolabs-mcp',
    );
  });
});
