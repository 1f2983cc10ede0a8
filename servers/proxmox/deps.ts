import type { ProxmoxApi } from './client.js';

export interface ProxmoxDeps {
  /** The API for one tool call, bound to its cancellation signal; throws the ConfigError when misconfigured. */
  api(signal: AbortSignal): Promise<ProxmoxApi>;
  /** Task polling: interval, and the longest one call waits (capped at 50 s) before returning the UPID. */
  tasks: { pollMs: number; maxWaitMs: number };
}
