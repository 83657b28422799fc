import crypto from 'node:crypto';
import { dropRedisKeys } from './redis-keys';
import jwt from 'jsonwebtoken';
import { io, type Socket } from 'socket.io-client';
import type { TestApp } from './app';
import { TEST_ENV } from './test-env';

/**
 * socket.io-client helpers for the realtime suites. Sockets use the websocket transport unless told
 * otherwise (long-polling works too, see docs/realtime.md), never reconnect on their own unless asked,
 * and are all closed by `closeAll()`.
 */
export type ClientSocket = Socket;

const open = new Set<ClientSocket>();

/** The `ready` payloads each socket got (recorded from creation: the server sends it right after connecting). */
export const readyEvents = new WeakMap<ClientSocket, { expires_at: string; recovery_window_ms: number }[]>();

export interface ConnectOptions {
  transports?: ('websocket' | 'polling')[];
  reconnection?: boolean;
}

export const socketFor = (baseUrl: string, token: string | undefined, options: ConnectOptions = {}): ClientSocket => {
  const socket = io(baseUrl, {
    path: '/socket.io',
    auth: token === undefined ? {} : { token },
    transports: options.transports ?? ['websocket'],
    reconnection: options.reconnection ?? false,
    forceNew: true,
    timeout: 10_000,
  });
  open.add(socket);
  const ready: { expires_at: string; recovery_window_ms: number }[] = [];
  readyEvents.set(socket, ready);
  socket.on('ready', (payload) => ready.push(payload));
  return socket;
};

/** A connected socket, or the connect_error's message as a rejection. */
export const connect = (baseUrl: string, token: string | undefined, options: ConnectOptions = {}): Promise<ClientSocket> =>
  new Promise((resolve, reject) => {
    const socket = socketFor(baseUrl, token, options);
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });

/** The connect_error message a handshake gets (fails the test if it connects). */
export const connectError = async (baseUrl: string, token: string | undefined, options: ConnectOptions = {}): Promise<string> => {
  try {
    const socket = await connect(baseUrl, token, options);
    socket.close();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the handshake was accepted');
};

/** Every payload of `event` the socket receives from now on. */
export const record = <T = Record<string, unknown>>(socket: ClientSocket, event: string): T[] => {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
};

export const emitWithAck = <T = unknown>(socket: ClientSocket, event: string, payload?: unknown): Promise<T> =>
  (payload === undefined
    ? socket.timeout(10_000).emitWithAck(event)
    : socket.timeout(10_000).emitWithAck(event, payload)) as Promise<T>;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns a truthy value (then returns it), or fails after `timeoutMs`. */
export const waitFor = async <T>(
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
  what = 'condition'
): Promise<NonNullable<T>> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
};

export const closeAll = () => {
  for (const socket of open) socket.close();
  open.clear();
};

/**
 * A users-permissions access token for an existing session that expires in `seconds` (the app mints
 * 15-minute ones): signed like the SessionManager's, so the socket's expiry handling can be watched.
 */
export const shortLivedUserToken = async (app: TestApp, userId: number, seconds: number): Promise<string> => {
  const sessions = app.strapi.sessionManager('users-permissions');
  const refresh = await sessions.generateRefreshToken(String(userId), crypto.randomUUID(), { type: 'refresh' });
  const { sessionId } = jwt.decode(refresh.token) as { sessionId: string };
  return jwt.sign({ userId: String(userId), sessionId, type: 'access' }, TEST_ENV.JWT_SECRET, {
    algorithm: 'HS256',
    expiresIn: seconds,
  });
};

/** An active admin-panel user and an access token minted the way the admin login does. */
export const createStaff = async (app: TestApp, options: { active?: boolean } = {}): Promise<{ id: number; token: string }> => {
  const role = await app.strapi.db.query('admin::role').findOne({ where: { code: 'strapi-super-admin' } });
  const email = `staff-${crypto.randomBytes(4).toString('hex')}@example.test`;
  const admin = await app.strapi.db.query('admin::user').create({
    data: {
      email,
      firstname: 'Staff',
      lastname: 'Member',
      isActive: options.active ?? true,
      blocked: false,
      roles: role ? [role.id] : [],
    },
  });
  const sessions = app.strapi.sessionManager('admin');
  const refresh = await sessions.generateRefreshToken(String(admin.id), crypto.randomUUID(), { type: 'refresh' });
  const access = await sessions.generateAccessToken(refresh.token);
  if ('error' in access) throw new Error(`admin token: ${access.error}`);
  return { id: admin.id, token: access.token };
};

/** A REDIS_PREFIX of the suite's own, and a cleanup that deletes only keys under it (never a flush: Redis is shared). */
export const suiteRedisPrefix = () => {
  const prefix = `t:${crypto.randomUUID()}`;
  return { prefix, cleanup: () => dropRedisKeys(prefix) };
};
