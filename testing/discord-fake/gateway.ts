import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { apiUser, type FakeChannel, type FakeUser, type GatewayConnection } from './model.js';

export interface GatewayOptions {
  token: string;
  bot: FakeUser;
  applicationId: string;
  guildId: string;
  channels: FakeChannel[];
  roles: string[];
  heartbeatIntervalMs: number;
  /** The ws:// address READY advertises as resume_gateway_url (must be local: resumes go there). */
  url: () => string;
}

/** One gateway session (IDENTIFY → READY): outlives a dropped socket, so a RESUME on a new socket continues it. */
interface Session {
  id: string;
  seq: number;
  /** Dispatches sent (or held while no socket was attached), for replay on RESUME. */
  sent: Array<{ s: number; payload: unknown }>;
  socket: Socket | undefined;
  /** Closed by the client (1000/1001), refused as invalid, or fatally closed: no RESUME possible. */
  ended: boolean;
  droppedAt?: number;
}

interface Socket {
  record: GatewayConnection;
  ws: WebSocket;
  session?: Session;
}

/** Discord keeps a dropped session resumable for a while; the fake for this long. */
const RESUME_WINDOW_MS = 120_000;
const REPLAY_LIMIT = 500;

/**
 * The gateway side of the fake: HELLO on connect, READY + GUILD_CREATE on IDENTIFY, ACK on heartbeat, RESUMED on
 * RESUME after replaying the dispatches the session missed while its socket was gone, op 7 RECONNECT and op 9
 * INVALID_SESSION on request, fatal close codes on request, and dispatches (INTERACTION_CREATE) to every session,
 * as Discord does for several sessions on one token.
 */
export class FakeGateway {
  readonly connections: GatewayConnection[] = [];
  private readonly sessions = new Set<Session>();
  private readonly sockets = new Set<Socket>();
  private readonly wss: WebSocketServer;
  private nextId = 1;
  /** IDENTIFY is accepted but never answered (no READY), as during an outage: the client waits for it. */
  holdReady = false;

  constructor(
    server: Server,
    private readonly options: GatewayOptions,
  ) {
    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (ws) => this.accept(ws));
  }

  /** Sessions that completed IDENTIFY (or RESUME) and have an open socket now. */
  liveSessions(): number {
    return [...this.sessions].filter((s) => !s.ended && s.socket?.record.open).length;
  }

  /**
   * Sends a dispatch to every session: at once on an open socket, or held for replay when its socket dropped and it
   * may still resume. Returns how many sessions received it or will on resume.
   */
  dispatch(event: string, data: unknown): number {
    let delivered = 0;
    for (const session of this.sessions) {
      if (!this.resumable(session) && !session.socket?.record.open) continue;
      const s = ++session.seq;
      const payload = { op: 0, t: event, s, d: data };
      session.sent.push({ s, payload });
      if (session.sent.length > REPLAY_LIMIT) session.sent.shift();
      if (session.socket) this.send(session.socket, payload);
      delivered += 1;
    }
    return delivered;
  }

  /** Drops every socket without a close frame, as a network failure would (sessions stay resumable). */
  dropAll(): void {
    for (const socket of this.sockets) socket.ws.terminate();
  }

  /** op 7 RECONNECT to every open socket: Discord asks the client to reconnect and resume. */
  requestReconnect(): void {
    for (const socket of this.sockets) this.send(socket, { op: 7, d: null });
  }

  /** op 9 INVALID_SESSION to every open socket; not resumable → the client must IDENTIFY again. */
  invalidateSessions(resumable: boolean): void {
    for (const socket of this.sockets) {
      if (!resumable && socket.session) socket.session.ended = true;
      this.send(socket, { op: 9, d: resumable });
    }
  }

  /** Closes every socket with a close code (4004 authentication failed, 4014 disallowed intents…); sessions end. */
  closeAll(code: number, reason: string): void {
    for (const socket of this.sockets) {
      if (socket.session) socket.session.ended = true;
      socket.ws.close(code, reason);
    }
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.ws.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  private resumable(session: Session): boolean {
    return !session.ended && (session.droppedAt === undefined || Date.now() - session.droppedAt < RESUME_WINDOW_MS);
  }

  private accept(ws: WebSocket): void {
    const record: GatewayConnection = { id: this.nextId++, open: true, identified: false, intents: null, resumed: 0, heartbeats: 0 };
    const socket: Socket = { record, ws };
    this.connections.push(record);
    this.sockets.add(socket);
    ws.on('close', (code) => {
      record.open = false;
      this.sockets.delete(socket);
      const session = socket.session;
      if (!session || session.socket !== socket) return;
      session.socket = undefined;
      // A client closing normally (1000/1001) ends its session; any other close leaves it resumable.
      if (code === 1000 || code === 1001) session.ended = true;
      else session.droppedAt = Date.now();
    });
    ws.on('error', () => undefined);
    ws.on('message', (raw) => this.receive(socket, raw.toString()));
    this.send(socket, { op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs } });
  }

  private receive(socket: Socket, raw: string): void {
    let payload: { op: number; d: Record<string, unknown> | null };
    try {
      payload = JSON.parse(raw) as typeof payload;
    } catch {
      socket.ws.close(4002, 'Decode error');
      return;
    }
    switch (payload.op) {
      case 1:
        socket.record.heartbeats += 1;
        this.send(socket, { op: 11 });
        return;
      case 2:
        this.identify(socket, payload.d ?? {});
        return;
      case 6:
        this.resume(socket, payload.d ?? {});
        return;
      default:
        return; // presence updates and the like are accepted silently
    }
  }

  private resume(socket: Socket, data: Record<string, unknown>): void {
    if (data.token !== this.options.token) {
      socket.ws.close(4004, 'Authentication failed');
      return;
    }
    const session = [...this.sessions].find((s) => s.id === data.session_id);
    if (!session || !this.resumable(session)) {
      this.send(socket, { op: 9, d: false });
      return;
    }
    session.socket = socket;
    session.droppedAt = undefined;
    socket.session = session;
    socket.record.identified = true;
    socket.record.resumed += 1;
    const after = typeof data.seq === 'number' ? data.seq : 0;
    for (const missed of session.sent) if (missed.s > after) this.send(socket, missed.payload);
    this.send(socket, { op: 0, t: 'RESUMED', s: ++session.seq, d: {} });
  }

  private identify(socket: Socket, data: Record<string, unknown>): void {
    if (data.token !== this.options.token) {
      socket.ws.close(4004, 'Authentication failed');
      return;
    }
    if (this.holdReady) {
      socket.record.identified = true;
      return;
    }
    const { bot, guildId, applicationId } = this.options;
    const session: Session = { id: `session-${socket.record.id}`, seq: 0, sent: [], socket, ended: false };
    if (socket.session) socket.session.ended = true;
    socket.session = session;
    this.sessions.add(session);
    socket.record.identified = true;
    socket.record.intents = typeof data.intents === 'number' ? data.intents : null;
    this.send(socket, {
      op: 0,
      t: 'READY',
      s: ++session.seq,
      d: {
        v: 10,
        user: { ...apiUser(bot), bot: true },
        guilds: [{ id: guildId, unavailable: true }],
        session_id: session.id,
        resume_gateway_url: this.options.url(),
        application: { id: applicationId, flags: 0 },
      },
    });
    this.send(socket, { op: 0, t: 'GUILD_CREATE', s: ++session.seq, d: this.guild() });
  }

  private guild(): Record<string, unknown> {
    const { guildId, bot, channels, roles } = this.options;
    return {
      id: guildId,
      name: 'Fake Guild',
      icon: null,
      owner_id: bot.id,
      unavailable: false,
      member_count: 1,
      large: false,
      features: [],
      roles: [guildId, ...roles].map((id, position) => ({
        id,
        name: id === guildId ? '@everyone' : `role-${id}`,
        permissions: '0',
        position,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      })),
      channels: channels.map((c, position) => ({
        id: c.id,
        type: 0,
        name: c.name,
        position,
        guild_id: guildId,
        permission_overwrites: [],
      })),
      members: [
        { user: { ...apiUser(bot), bot: true }, roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 },
      ],
      emojis: [],
      stickers: [],
      threads: [],
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      joined_at: new Date(0).toISOString(),
    };
  }

  private send(socket: Socket, payload: unknown): void {
    if (socket.ws.readyState === socket.ws.OPEN) socket.ws.send(JSON.stringify(payload));
  }
}
