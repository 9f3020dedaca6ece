import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isTemporaryName, writeAtomically } from './atomic-file.js';
import { logValue } from './log-value.js';
import { WEBHOOK_HEADERS, webhookSignature } from './webhook-signature.js';

// Posts events to the host's URL in the background, signed, retried with backoff. With a folder,
// each pending delivery is a file there from before its first attempt until it is delivered or
// given up, so a restart resumes what the last process left instead of losing it.

/** What every webhook body has: the event's name. */
export interface WebhookEvent {
  event: string;
}

export interface WebhookOutboxOptions<E extends WebhookEvent = WebhookEvent> {
  /** An http(s) URL. */
  url: string;
  /** Signs each attempt over its timestamp, delivery id and body (server/webhook-signature.ts). */
  secret?: string;
  /** Waits before each retry; `DEFAULT_WEBHOOK_DELIVERY.retryDelaysMs` when absent. */
  retryDelaysMs?: number[];
  /** Keeps pending deliveries across restarts, one file each; memory only when absent. One process per folder. */
  folder?: string;
  /** Most deliveries pending at once; past it the oldest is dropped. */
  maxPending?: number;
  /** How log lines name this sender: `recording webhook`. */
  name: string;
  /** What a log line says a delivery is about (`id=…`); its event name when absent. */
  describe?: (event: E) => string;
  log: (line: string) => void;
}

export interface WebhookOutbox<E extends WebhookEvent = WebhookEvent> {
  /** Queues the event (on disk first, with a folder) and answers its delivery id. */
  send(event: E): string;
  /** Stops sending; what is pending stays in the folder for the next start. */
  close(): Promise<void>;
}

export const DEFAULT_WEBHOOK_DELIVERY = Object.freeze({
  /** Given up about 6 minutes after the first attempt. */
  retryDelaysMs: Object.freeze([2_000, 10_000, 60_000, 300_000]) as readonly number[],
  /** Bounds the folder, so that a receiver down for days cannot fill the disk. */
  maxPending: 10_000,
  attemptTimeoutMs: 10_000,
});

/** One pending delivery, as kept in `{folder}/{id}.json`. */
interface Delivery {
  /** The `x-lifeline-delivery` id, the same on every attempt, across restarts too. */
  id: string;
  /** Creation order: of the deliveries due, the lowest goes first. */
  seq: number;
  /** The body exactly as every attempt sends it. */
  body: string;
  /** Attempts made so far. */
  attempts: number;
  /** Epoch ms. */
  nextAttemptAt: number;
}

const FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.json$/;
const whole = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** A delivery file's content, or null when it is not one this outbox wrote. */
function parseDelivery(text: string, id: string): Delivery | null {
  let value: Partial<Delivery>;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || value.id !== id || typeof value.body !== 'string') return null;
  if (!whole(value.seq) || !whole(value.attempts) || !whole(value.nextAttemptAt)) return null;
  try {
    if (typeof (JSON.parse(value.body) as Partial<WebhookEvent>)?.event !== 'string') return null;
  } catch {
    return null;
  }
  return { id, seq: value.seq, body: value.body, attempts: value.attempts, nextAttemptAt: value.nextAttemptAt };
}

/**
 * Delivers one event at a time, the due one created first: a healthy receiver gets them in
 * order, a slow one no burst, and one that fails does not hold up the events after it.
 */
export function createWebhookOutbox<E extends WebhookEvent>(options: WebhookOutboxOptions<E>): WebhookOutbox<E> {
  const { name, log } = options;
  const url = new URL(options.url);
  if (!['http:', 'https:'].includes(url.protocol)) throw new Error(`The ${name} URL must be http(s).`);
  const delays = options.retryDelaysMs ?? DEFAULT_WEBHOOK_DELIVERY.retryDelaysMs;
  const maxPending = options.maxPending ?? DEFAULT_WEBHOOK_DELIVERY.maxPending;
  if (!Number.isSafeInteger(maxPending) || maxPending < 1) throw new Error(`The ${name} maxPending must be a whole number above 0.`);
  const folder = options.folder === undefined ? null : resolve(options.folder);
  const about = (delivery: Delivery) => {
    const event = JSON.parse(delivery.body) as E;
    return options.describe?.(event) ?? `event=${logValue(event.event)}`;
  };

  /** In creation order, which Map keeps: the first due is the oldest. */
  const pending = new Map<string, Delivery>();
  /** Each delivery's file work, in order: written, rewritten after a failure, removed. */
  const onDisk = new Map<string, Promise<void>>();
  const fileOf = (id: string) => join(folder!, `${id}.json`);
  function diskWork(id: string, work: (path: string) => Promise<void>): void {
    if (!folder) return;
    const done = (onDisk.get(id) ?? Promise.resolve())
      .then(() => work(fileOf(id)))
      .catch((error: unknown) => log(`error ${name} delivery=${id}: cannot keep it on disk: ${logValue(error)}`));
    onDisk.set(id, done);
    void done.then(() => onDisk.get(id) === done && onDisk.delete(id));
  }
  const keep = (delivery: Delivery) => diskWork(delivery.id, (path) => writeAtomically(path, JSON.stringify(delivery)));
  const settle = (delivery: Delivery) => {
    if (pending.get(delivery.id) === delivery) pending.delete(delivery.id);
    diskWork(delivery.id, (path) =>
      unlink(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      }),
    );
  };
  function add(delivery: Delivery): void {
    pending.set(delivery.id, delivery);
    while (pending.size > maxPending) {
      const [oldest] = pending.values();
      log(`error ${name} ${about(oldest)} attempt=${oldest.attempts}: dropped, ${maxPending} deliveries pending`);
      settle(oldest);
    }
  }

  let nextSeq = 0;
  if (folder) {
    for (const delivery of resume(folder)) {
      add(delivery);
      nextSeq = delivery.seq + 1;
    }
    if (pending.size) log(`${name} resumed ${pending.size} pending deliveries`);
  }

  /** What a previous process left in the folder, oldest first; what cannot be read goes. */
  function resume(folder: string): Delivery[] {
    mkdirSync(folder, { recursive: true });
    const found: Delivery[] = [];
    for (const file of readdirSync(folder)) {
      const path = join(folder, file);
      const id = FILE.exec(file)?.[1];
      // A write cut short by a crash; its delivery is in the file it was replacing, or never was.
      if (isTemporaryName(file)) unlinkSync(path);
      if (!id) continue;
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        log(`error ${name} delivery=${id}: unreadable: ${logValue(error)}`);
        continue;
      }
      const delivery = parseDelivery(text, id);
      if (delivery) found.push(delivery);
      else {
        log(`error ${name} delivery=${id}: unreadable, removed`);
        unlinkSync(path);
      }
    }
    return found.sort((a, b) => a.seq - b.seq);
  }

  const stop = new AbortController();
  let wake = () => {};
  let timer: NodeJS.Timeout | undefined;
  /** Until `ms` have passed or `wake()`; the timer never keeps the process alive. */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      if (Number.isFinite(ms)) timer = setTimeout(resolve, ms).unref();
    }).finally(() => clearTimeout(timer));

  async function post(delivery: Delivery): Promise<string | null> {
    // Stamped and signed per attempt: a retry minutes later must still be fresh to its receiver.
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      [WEBHOOK_HEADERS.delivery]: delivery.id,
      [WEBHOOK_HEADERS.timestamp]: String(timestamp),
    };
    if (options.secret) headers[WEBHOOK_HEADERS.signature] = webhookSignature(options.secret, timestamp, delivery.id, delivery.body);
    try {
      const signal = AbortSignal.any([stop.signal, AbortSignal.timeout(DEFAULT_WEBHOOK_DELIVERY.attemptTimeoutMs)]);
      const response = await fetch(url, { method: 'POST', headers, body: delivery.body, signal });
      await response.body?.cancel();
      return response.ok ? null : `status ${response.status}`;
    } catch (error) {
      return (error as Error).name;
    }
  }

  async function attempt(delivery: Delivery): Promise<void> {
    await onDisk.get(delivery.id); // on disk before it is first sent
    if (stop.signal.aborted || pending.get(delivery.id) !== delivery) return;
    const number = delivery.attempts + 1;
    const failure = await post(delivery);
    if (failure === null) {
      log(`${name} delivered ${about(delivery)} attempt=${number}`);
      return settle(delivery);
    }
    if (stop.signal.aborted) return; // kept as it was, for the next start
    const delay = delays[number - 1];
    log(`error ${name} ${about(delivery)} attempt=${number}: ${failure}${delay === undefined ? ', giving up' : ''}`);
    if (delay === undefined) return settle(delivery);
    if (pending.get(delivery.id) !== delivery) return; // dropped while it was being sent
    Object.assign(delivery, { attempts: number, nextAttemptAt: Date.now() + delay });
    keep(delivery);
  }

  async function run(): Promise<void> {
    while (!stop.signal.aborted) {
      const now = Date.now();
      let due: Delivery | undefined;
      let soonest = Infinity;
      for (const delivery of pending.values()) {
        if (delivery.nextAttemptAt <= now) {
          due = delivery;
          break;
        }
        soonest = Math.min(soonest, delivery.nextAttemptAt);
      }
      await (due ? attempt(due) : sleep(soonest - now));
    }
  }
  const running = run();

  return {
    send(event) {
      const delivery: Delivery = { id: randomUUID(), seq: nextSeq++, body: JSON.stringify(event), attempts: 0, nextAttemptAt: Date.now() };
      if (stop.signal.aborted) {
        log(`error ${name} ${about(delivery)}: not sent, closed`);
        return delivery.id;
      }
      keep(delivery);
      add(delivery);
      wake();
      return delivery.id;
    },
    async close() {
      if (!stop.signal.aborted) {
        stop.abort();
        wake();
        if (pending.size)
          log(folder ? `${name} closed, ${pending.size} deliveries kept for the next start` : `error ${name} closed, ${pending.size} deliveries not sent`);
      }
      await running;
      while (onDisk.size) await Promise.all(onDisk.values());
    },
  };
}
