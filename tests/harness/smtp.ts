import net from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  receivedAt: number;
}

export interface SmtpSink {
  port: number;
  messages: ReceivedMail[];
  /** Milliseconds the sink waits before accepting each message (a slow SMTP server). */
  delayMs: number;
  /** Resolves with the first message (already received or arriving) matching `match`. */
  waitFor: (match: (mail: ReceivedMail) => boolean, timeoutMs?: number) => Promise<ReceivedMail>;
  to: (address: string) => ReceivedMail[];
  close: () => Promise<void>;
}

/** A TCP port that was free a moment ago (nothing listens on it: connections are refused). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address() as net.AddressInfo;
      probe.close(() => resolve(address.port));
    });
  });

/**
 * A local SMTP server that accepts everything and keeps the parsed messages (no TLS, no auth).
 * Point the app at it with SMTP_HOST=127.0.0.1, SMTP_PORT=<port>, SMTP_IGNORE_TLS=true.
 */
export const startSmtpSink = async (options: { port?: number; delayMs?: number } = {}): Promise<SmtpSink> => {
  const messages: ReceivedMail[] = [];
  const waiters: Array<{ match: (mail: ReceivedMail) => boolean; resolve: (mail: ReceivedMail) => void }> = [];
  const sink: SmtpSink = {
    port: 0,
    messages,
    delayMs: options.delayMs ?? 0,
    waitFor: (match, timeoutMs = 20_000) => {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          match,
          resolve: (mail: ReceivedMail) => {
            clearTimeout(timer);
            resolve(mail);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(
            new Error(
              `no matching e-mail within ${timeoutMs} ms (received: ${messages.map((m) => `${m.to.join(',')}: ${m.subject}`).join(' | ') || 'none'})`
            )
          );
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    to: (address) => messages.filter((mail) => mail.to.includes(address.toLowerCase())),
    close: async () => undefined,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 500,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const mail: ReceivedMail = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            receivedAt: Date.now(),
          };
          setTimeout(() => {
            messages.push(mail);
            for (const waiter of [...waiters]) {
              if (waiter.match(mail)) {
                waiters.splice(waiters.indexOf(waiter), 1);
                waiter.resolve(mail);
              }
            }
            callback();
          }, sink.delayMs);
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  sink.port = (server.server.address() as net.AddressInfo).port;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
};

/** SMTP settings for startApp({ env }) pointing at `port` on this machine. */
export const smtpEnv = (port: number): Record<string, string> => ({
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: String(port),
  SMTP_IGNORE_TLS: 'true',
  SMTP_SECURE: 'false',
});

/** Polls `probe` until it returns something truthy. */
export const eventually = async <T>(
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 15_000,
  everyMs = 50
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
};
