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

interface Session {
  record: GatewayConnection;
  socket: WebSocket;
  seq: number;
  sessionId: string;
}

/**
 * The gateway side of the fake: HELLO on connect, READY + GUILD_CREATE on IDENTIFY, ACK on heartbeat, RESUMED on
 * RESUME, and dispatches (INTERACTION_CREATE) to every identified session, as Discord does for several
 * sessions on one token.
 */
export class FakeGateway {
  readonly connections: GatewayConnection[] = [];
  private readonly sessions = new Set<Session>();
  private readonly wss: WebSocketServer;
  private nextId = 1;

  constructor(
    server: Server,
    private readonly options: GatewayOptions,
  ) {
    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (socket) => this.accept(socket));
  }

  /** Sessions that completed IDENTIFY (or RESUME) and are still open. */
  liveSessions(): number {
    return [...this.sessions].filter((s) => s.record.identified && s.record.open).length;
  }

  /** Sends a dispatch to every live session; returns how many received it. */
  dispatch(event: string, data: unknown): number {
    let delivered = 0;
    for (const session of this.sessions) {
      if (!session.record.identified || !session.record.open) continue;
      this.send(session, { op: 0, t: event, s: ++session.seq, d: data });
      delivered += 1;
    }
    return delivered;
  }

  /** Drops every session's socket without a close frame, as a network failure would. */
  dropAll(): void {
    for (const session of this.sessions) session.socket.terminate();
  }

  close(): Promise<void> {
    for (const session of this.sessions) session.socket.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    const record: GatewayConnection = { id: this.nextId++, open: true, identified: false, intents: null, resumed: 0, heartbeats: 0 };
    const session: Session = { record, socket, seq: 0, sessionId: `session-${record.id}` };
    this.connections.push(record);
    this.sessions.add(session);
    socket.on('close', () => {
      record.open = false;
      this.sessions.delete(session);
    });
    socket.on('error', () => undefined);
    socket.on('message', (raw) => this.receive(session, raw.toString()));
    this.send(session, { op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs } });
  }

  private receive(session: Session, raw: string): void {
    let payload: { op: number; d: Record<string, unknown> | null };
    try {
      payload = JSON.parse(raw) as typeof payload;
    } catch {
      session.socket.close(4002, 'Decode error');
      return;
    }
    switch (payload.op) {
      case 1:
        session.record.heartbeats += 1;
        this.send(session, { op: 11 });
        return;
      case 2:
        this.identify(session, payload.d ?? {});
        return;
      case 6:
        if (payload.d?.token !== this.options.token) {
          session.socket.close(4004, 'Authentication failed');
          return;
        }
        session.record.identified = true;
        session.record.resumed += 1;
        this.send(session, { op: 0, t: 'RESUMED', s: ++session.seq, d: {} });
        return;
      default:
        return; // presence updates and the like are accepted silently
    }
  }

  private identify(session: Session, data: Record<string, unknown>): void {
    if (data.token !== this.options.token) {
      session.socket.close(4004, 'Authentication failed');
      return;
    }
    const { bot, guildId, applicationId } = this.options;
    session.record.identified = true;
    session.record.intents = typeof data.intents === 'number' ? data.intents : null;
    this.send(session, {
      op: 0,
      t: 'READY',
      s: ++session.seq,
      d: {
        v: 10,
        user: { ...apiUser(bot), bot: true },
        guilds: [{ id: guildId, unavailable: true }],
        session_id: session.sessionId,
        resume_gateway_url: this.options.url(),
        application: { id: applicationId, flags: 0 },
      },
    });
    this.send(session, { op: 0, t: 'GUILD_CREATE', s: ++session.seq, d: this.guild() });
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
      channels: channels.map((c, position) => ({ id: c.id, type: 0, name: c.name, position, guild_id: guildId, permission_overwrites: [] })),
      members: [{ user: { ...apiUser(bot), bot: true }, roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 }],
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

  private send(session: Session, payload: unknown): void {
    if (session.socket.readyState === session.socket.OPEN) session.socket.send(JSON.stringify(payload));
  }
}
