/**
 * discord.js's in-process sharding, with a close that cannot hang and leaves no shard reconnecting.
 *
 * @discordjs/ws (1.2.3, and 2.0.4 alike): destroying a shard while it waits for HELLO or READY aborts that wait, and
 * the wait's handler starts a second destroy, "then reconnect". The second clears the close listener the first one
 * awaits, so `client.destroy()` never returns, and 500 ms later it opens a new socket and identifies again, for good:
 * a session nobody owns, spending the bot's daily identify allowance. Here each shard's context refuses to start a
 * connection once its shard is closed (a reconnect waits on it forever, before opening a socket), and a close waits
 * for the gateway's close handshake only so long.
 */
import type {
  IContextFetchingStrategy,
  IShardingStrategy,
  SessionInfo,
  WebSocketManager,
  WebSocketShard,
  WebSocketShardDestroyOptions,
} from '@discordjs/ws';

type WsModule = typeof import('@discordjs/ws');

/** How long a close waits for the gateway to answer the close frame (ws itself gives up after 30 s). */
const CLOSE_WAIT_MS = 2_000;

/** `ws.buildStrategy` for a discord.js Client: the module comes from the caller, which imports it lazily. */
export function closableSharding(ws: WsModule) {
  return (manager: WebSocketManager): IShardingStrategy => new ClosableSharding(ws, manager);
}

class ClosableSharding implements IShardingStrategy {
  private readonly shards = new Map<number, { shard: WebSocketShard; context: StoppableContext }>();

  constructor(
    private readonly ws: WsModule,
    private readonly manager: WebSocketManager,
  ) {}

  async spawn(shardIds: number[]): Promise<void> {
    const options = await this.ws.managerToFetchingStrategyOptions(this.manager);
    for (const shardId of shardIds) {
      const context = new StoppableContext(new this.ws.SimpleContextFetchingStrategy(this.manager, options));
      const shard = new this.ws.WebSocketShard(context, shardId);
      for (const event of Object.values(this.ws.WebSocketShardEvents)) {
        shard.on(event, (payload: object) => (this.manager.emit as (e: string, p: object) => void)(event, { ...payload, shardId }));
      }
      this.shards.set(shardId, { shard, context });
    }
  }

  async connect(): Promise<void> {
    await Promise.all([...this.shards.values()].map(({ shard }) => shard.connect()));
  }

  async destroy(options?: Omit<WebSocketShardDestroyOptions, 'recover'>): Promise<void> {
    const closing = [...this.shards.values()];
    this.shards.clear();
    for (const { context } of closing) context.stopped = true;
    await Promise.all(closing.map(({ shard }) => within(shard.destroy(options), CLOSE_WAIT_MS)));
  }

  async send(shardId: number, payload: Parameters<WebSocketShard['send']>[0]): Promise<void> {
    const entry = this.shards.get(shardId);
    if (!entry) throw new RangeError(`Shard ${shardId} not found`);
    await entry.shard.send(payload);
  }

  async fetchStatus() {
    // @discordjs/ws answers with its own Collection class; a strategy that spawned nothing gives an empty one
    const statuses = await new this.ws.SimpleShardingStrategy(this.manager).fetchStatus();
    for (const [id, { shard }] of this.shards) statuses.set(id, shard.status);
    return statuses;
  }
}

/** The shard's context; once stopped, a connection attempt (its first step reads the session) never proceeds. */
class StoppableContext implements IContextFetchingStrategy {
  stopped = false;

  constructor(private readonly inner: IContextFetchingStrategy) {}

  get options() {
    return this.inner.options;
  }

  async retrieveSessionInfo(shardId: number): Promise<SessionInfo | null> {
    if (this.stopped) return new Promise<never>(() => undefined);
    return this.inner.retrieveSessionInfo(shardId);
  }

  updateSessionInfo(shardId: number, sessionInfo: SessionInfo | null) {
    return this.inner.updateSessionInfo(shardId, sessionInfo);
  }

  waitForIdentify(shardId: number, signal: AbortSignal): Promise<void> {
    return this.inner.waitForIdentify(shardId, signal);
  }
}

async function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  try {
    await Promise.race([work.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
