import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import Redis from 'ioredis';
import { Server, type Socket } from 'socket.io';
import type { z } from 'zod';
import { chatSendPayload, chatTypingPayload } from '../../../../../api/conversation/contracts';
import type { ChatViewer } from '../../../../../api/conversation/services/chat';
import { PUBLIC_VENUE_WHERE } from '../../../../../api/venue/services/venue-rules';
import { toHttpError } from '../../../../../infra/http-errors';
import { redisPrefix } from '../../../../../infra/redis';
import { parseOrThrow } from '../../../../../infra/validation';
import { notificationReadPayload, rooms, venueSubscribePayload, type Ack } from '../contracts';
import { principalKey, type Principal } from './socket-auth';
import { appService } from '../../../../../api/app-services';
import { realtimeService } from '../get-service';

/** Socket.IO's handshake path on the API's port. */
export const SOCKET_PATH = '/socket.io';
const MAX_VENUE_SUBSCRIPTIONS = 100;
const TYPING_INTERVAL_MS = 2_000;
/** Between the `auth:expired` notice and the disconnect. */
const EXPIRY_NOTICE_MS = 250;
/** setTimeout's ceiling (~24.8 days); a longer-lived token is re-checked then. */
const MAX_TIMER_MS = 2_147_483_647;

const envInt = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

/** How long a disconnected client's session (rooms, missed events) is kept: REALTIME_RECOVERY_WINDOW_MS, 2 minutes. */
const recoveryWindowMs = () => envInt('REALTIME_RECOVERY_WINDOW_MS', 2 * 60 * 1000);

/** Browser origins allowed to open sockets: the API's CORS_ORIGINS (clients without an Origin header always may). */
const corsOrigins = (): string[] =>
  (process.env.CORS_ORIGINS ?? 'http://localhost:3000,http://localhost:1337')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);

const unauthorized = () => new Error('unauthorized');

interface SocketData {
  principal?: Principal;
}

type AppSocket = Socket<
  Record<string, (...args: unknown[]) => void>,
  Record<string, (...args: unknown[]) => void>,
  Record<string, never>,
  SocketData
>;

/** An error as an ack: the contract's error names; anything unexpected is logged and answered generically. */
const ackError = (strapi: Core.Strapi, error: unknown): Extract<Ack<never>, { ok: false }> => {
  const mapped = toHttpError(error) as {
    name?: string;
    message?: string;
    status?: number;
    expose?: boolean;
    details?: Record<string, unknown>;
  };
  const known =
    mapped instanceof errors.ApplicationError || (typeof mapped?.status === 'number' && mapped.status < 500 && mapped.expose);
  if (known && mapped.name && mapped.message) {
    const details = mapped.details && Object.keys(mapped.details).length ? { details: mapped.details } : {};
    return { ok: false, error: { name: mapped.name, message: mapped.message, ...details } };
  }
  strapi.log.error(`[realtime] socket handler failed: ${(error as Error)?.stack ?? error}`);
  return { ok: false, error: { name: 'InternalServerError', message: 'Something went wrong; please retry' } };
};

/**
 * Socket.IO attached to Strapi's HTTP server (same port, path /socket.io).
 *
 * - Handshake: `auth: { token }` with a user access JWT or an admin-panel access token (see socket-auth);
 *   anything else → `connect_error` "unauthorized". The socket is disconnected when its token expires.
 * - Rooms, joined server-side: `user:<id>`, `vendor:<vendor profile documentId>`, `staff`; clients add
 *   `venue:<documentId>` rooms of publicly visible venues through `venue:subscribe`.
 * - Adapter: with REDIS_URL the Redis Streams adapter (every emit reaches every instance; connection state
 *   recovery across instances), keys and channels under REDIS_PREFIX; the in-process adapter otherwise.
 * - Connection state recovery: a client reconnecting within REALTIME_RECOVERY_WINDOW_MS (2 minutes) gets the
 *   events it missed; its token is checked again (middlewares are not skipped).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let io: Server | null = null;
  let redisClients: Redis[] = [];
  const timers = new Map<string, NodeJS.Timeout>();

  const chat = () => appService(strapi, 'api::conversation.chat');

  const redisAdapter = () => {
    const prefix = `${redisPrefix()}:socket.io`;
    const base = new Redis(process.env.REDIS_URL as string, {
      connectTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    base.on('error', (error) => strapi.log.warn(`[realtime] redis: ${error.message}`));
    redisClients = [base];
    // The adapter duplicates the client for its blocking stream reader and its pub/sub subscriber; keep them to close them.
    const duplicate = base.duplicate.bind(base);
    base.duplicate = ((override?: Parameters<Redis['duplicate']>[0]) => {
      const copy = duplicate(override);
      redisClients.push(copy);
      return copy;
    }) as Redis['duplicate'];
    const adapter = createAdapter(base, {
      streamName: prefix,
      channelPrefix: prefix,
      sessionKeyPrefix: `${prefix}:session:`,
      maxLen: envInt('REALTIME_STREAM_MAX_LEN', 10_000),
      blockTimeInMs: 2_000,
    });
    return adapter;
  };

  /** Wraps a client → server event: parses the payload, runs `work`, answers the ack (when the client sent one). */
  const handle = <S extends z.ZodType, T>(
    socket: AppSocket,
    event: string,
    schema: S,
    work: (input: z.infer<S>, principal: Principal) => Promise<T>
  ) => {
    socket.on(event, async (...args: unknown[]) => {
      const last = args[args.length - 1];
      const ack = typeof last === 'function' ? (last as (answer: Ack<T>) => void) : () => undefined;
      const payload = typeof args[0] === 'function' ? undefined : args[0];
      try {
        const principal = socket.data.principal;
        if (!principal) throw new errors.UnauthorizedError('unauthorized');
        const input = parseOrThrow(schema, payload ?? {});
        ack({ ok: true, data: await work(input, principal) });
      } catch (error) {
        ack(ackError(strapi, error));
      }
    });
  };

  const viewerOf = (principal: Principal): ChatViewer =>
    principal.kind === 'user' ? { kind: 'user', userId: principal.userId } : { kind: 'staff', adminId: principal.adminId };

  const ownRooms = (principal: Principal): string[] => {
    if (principal.kind === 'staff') return [rooms.staff];
    return [rooms.user(principal.userId), ...(principal.vendor ? [rooms.vendor(principal.vendor)] : [])];
  };

  /** Disconnects the socket when its token expires (the client reconnects with a fresh one). */
  const scheduleExpiry = (socket: AppSocket, principal: Principal) => {
    const arm = () => {
      const remaining = principal.exp * 1000 - Date.now();
      const timer = setTimeout(
        () => {
          if (principal.exp * 1000 > Date.now()) return arm();
          // With connection state recovery, emits go through the adapter (a Redis round trip with the Streams
          // adapter): give the notice a moment to leave before the disconnect overtakes it.
          socket.emit('auth:expired', { reason: 'token_expired' });
          const grace = setTimeout(() => {
            timers.delete(socket.id);
            socket.disconnect(true);
          }, EXPIRY_NOTICE_MS);
          grace.unref();
          timers.set(socket.id, grace);
        },
        Math.min(Math.max(remaining, 0), MAX_TIMER_MS)
      );
      timer.unref();
      timers.set(socket.id, timer);
    };
    arm();
    socket.on('disconnect', () => {
      clearTimeout(timers.get(socket.id));
      timers.delete(socket.id);
    });
  };

  const onConnection = (socket: AppSocket) => {
    const principal = socket.data.principal as Principal;
    void socket.join(ownRooms(principal));
    scheduleExpiry(socket, principal);
    if (!socket.recovered) {
      // Sent through the adapter (to the socket's own room) so it carries a stream offset: Socket.IO can only
      // recover a session whose client has received at least one broadcast since it connected.
      (io as Server)
        .to(socket.id)
        .emit('ready', { expires_at: new Date(principal.exp * 1000).toISOString(), recovery_window_ms: recoveryWindowMs() });
    }

    handle(socket, 'venue:subscribe', venueSubscribePayload, async ({ venue }) => {
      const room = rooms.venue(venue);
      if (!socket.rooms.has(room)) {
        const subscribed = [...socket.rooms].filter((name) => name.startsWith('venue:')).length;
        if (subscribed >= MAX_VENUE_SUBSCRIPTIONS) {
          throw new errors.ValidationError(`At most ${MAX_VENUE_SUBSCRIPTIONS} venue subscriptions per connection`);
        }
        const visible = await strapi.db
          .query('api::venue.venue')
          .findOne({ where: { documentId: venue, ...PUBLIC_VENUE_WHERE }, select: ['id'] });
        if (!visible) throw new errors.NotFoundError('Venue not found');
        void socket.join(room);
      }
      return { venue };
    });

    handle(socket, 'venue:unsubscribe', venueSubscribePayload, async ({ venue }) => {
      void socket.leave(rooms.venue(venue));
      return { venue };
    });

    handle(socket, 'notification:read', notificationReadPayload, async ({ notification }, who) => {
      if (who.kind !== 'user') throw new errors.NotFoundError('Notification not found');
      const read = await appService(strapi, 'api::notification.notification-center').markRead(who.userId, notification);
      // Another user's notification does not exist for this one.
      if (!read) throw new errors.NotFoundError('Notification not found');
      return read;
    });

    handle(socket, 'chat:send', chatSendPayload, async ({ conversation, body }, who) =>
      chat().post(viewerOf(who), conversation, body)
    );

    const lastTyping = new Map<string, number>();
    handle(socket, 'chat:typing', chatTypingPayload, async ({ conversation }, who) => {
      const now = Date.now();
      if (now - (lastTyping.get(conversation) ?? 0) < TYPING_INTERVAL_MS) return { conversation, relayed: false };
      const row = await chat().access(viewerOf(who), conversation);
      lastTyping.set(conversation, now);
      const audience = chat().audienceOf(row);
      const targets = [...audience.recipients.map(rooms.user), ...(audience.staff ? [rooms.staff] : [])];
      // Everyone in the conversation but the typist (a user's other tabs included).
      const operator = who.kind === 'user' ? (io as Server).to(targets).except(rooms.user(who.userId)) : socket.to(targets);
      operator.emit('chat:typing', {
        conversation,
        user: who.kind === 'user' ? { documentId: who.documentId, name: who.name } : null,
        from_staff: who.kind === 'staff',
      });
      return { conversation, relayed: true };
    });
  };

  return {
    /** The Socket.IO server (null before bootstrap and after destroy). */
    io: (): Server | null => io,

    start(httpServer: HttpServer) {
      if (io) return io;
      const recovery = recoveryWindowMs();
      const redis = process.env.REDIS_URL ? redisAdapter() : null;
      io = new Server(httpServer, {
        path: SOCKET_PATH,
        serveClient: false,
        cors: { origin: corsOrigins(), credentials: true },
        connectionStateRecovery: { maxDisconnectionDuration: recovery, skipMiddlewares: false },
        ...(redis ? { adapter: redis } : {}),
      });

      io.use(async (socket: AppSocket, next) => {
        try {
          const principal = await realtimeService(strapi, 'socket-auth').authenticate(socket.handshake.auth?.token);
          if (!principal) return next(unauthorized());
          // A recovered session keeps its rooms: only its own owner may take it back.
          if (socket.recovered && socket.data.principal && principalKey(socket.data.principal) !== principalKey(principal))
            return next(unauthorized());
          socket.data.principal = principal;
          return next();
        } catch (error) {
          strapi.log.warn(`[realtime] handshake check failed: ${(error as Error)?.message ?? error}`);
          return next(unauthorized());
        }
      });
      io.on('connection', onConnection);
      return io;
    },

    async stop() {
      const server = io;
      io = null;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      if (server) {
        // Like io.close() without closing Strapi's HTTP server. "server shutting down" is a recoverable
        // reason: a client that reconnects to another instance within the window gets what it missed.
        const namespaces = [
          ...(
            server as unknown as {
              _nsps: Map<string, { sockets: Map<string, { _onclose(reason: string): void }>; adapter: { close(): unknown } }>;
            }
          )._nsps.values(),
        ];
        await Promise.allSettled(
          namespaces.map(async (nsp) => {
            nsp.sockets.forEach((socket) => socket._onclose('server shutting down'));
            await nsp.adapter.close();
          })
        );
        server.engine.close();
      }
      const clients = redisClients;
      redisClients = [];
      await Promise.allSettled(
        clients.map(async (client, index) => {
          // The first is the command client (let pending session writes finish); the rest block on reads.
          if (index === 0) await client.quit().catch(() => client.disconnect());
          else client.disconnect();
        })
      );
    },
  };
};
