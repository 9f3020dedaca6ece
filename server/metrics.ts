import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server, Socket } from 'socket.io';
import { parseRoomCommand } from '../src/signaling/room-protocol.js';

// Prometheus metrics of one server, off unless asked for. Each server has its own registry, so
// two in one process never mix their counts. What the server calls on the hot path (`received`,
// `relayed`) adds to plain numbers; prom-client reads them when Prometheus scrapes.

export interface MetricsOptions {
  /** Where the metrics are served (default `/metrics`). */
  path?: string;
}

export const DEFAULT_METRICS_PATH = '/metrics';

/** Relay time buckets, in seconds: from a tenth of a millisecond to 100 ms. */
export const RELAY_SECONDS_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

/** What the server tells its metrics. Every call is cheap, and does nothing when metrics are off. */
export interface ServerMetrics {
  /** A member entered a room afresh (not a recovered or resumed session). */
  joined(): void;
  /** A connection was refused (its `connect_error` or `refused` code). */
  refused(code: string): void;
  /** A packet arrived, `bytes` long: the moment a relayed message's time starts. */
  received(packet: unknown[], bytes: number): void;
  /** The message that arrived as `raw` went out to the room or its addressee. */
  relayed(raw: unknown): void;
  /** Counts recoveries and room commands of this server's connections; rooms and members are read from its adapter. */
  watch(io: Server, how: { isRoom: (key: string) => boolean; draining: () => boolean }): void;
  /** Answers `GET` on the metrics path; false for any other path. */
  serve(pathname: string, req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  close(): void;
}

const NO_METRICS: ServerMetrics = {
  joined: () => {},
  refused: () => {},
  received: () => {},
  relayed: () => {},
  watch: () => {},
  serve: async () => false,
  close: () => {},
};

/**
 * A message's size and arrival time, kept on the object the client sent until it is relayed: the
 * server relays a copy it builds (`stamp`), never this object. A WeakMap cost ten times as much.
 */
const ARRIVAL = Symbol('arrival');
type Arrived = { [ARRIVAL]?: [bytes: number, at: number] };

type Middleware = (socket: Socket, next: (error?: Error) => void) => unknown;

/** `middleware`, with each refusal it makes (an error with `data.code`) counted. */
export function countRefusals(metrics: ServerMetrics, middleware: Middleware): Middleware {
  return (socket, next) =>
    middleware(socket, (error) => {
      const code = (error as { data?: { code?: unknown } } | undefined)?.data?.code;
      if (typeof code === 'string') metrics.refused(code);
      next(error);
    });
}

/** The `metrics` option as `npm start` reads it: on with `LIFELINE_METRICS=1`. */
export function metricsOptionFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.LIFELINE_METRICS === '1';
}

/**
 * The server's metrics: nothing at all when `option` is off, so prom-client is loaded only by a
 * server that serves them.
 */
export async function createMetrics(option: boolean | MetricsOptions | undefined): Promise<ServerMetrics> {
  if (!option) return NO_METRICS;
  const path = (option === true ? undefined : option.path) ?? DEFAULT_METRICS_PATH;
  if (!path.startsWith('/')) throw new Error(`Reference server: metrics.path must start with /, not ${JSON.stringify(path)}.`);
  const client = await import('prom-client');
  const registers = [new client.Registry()];
  const [register] = registers;
  client.collectDefaultMetrics({ register });

  let joins = 0;
  let recoveries = 0;
  let messages = 0;
  let bytes = 0;
  const refusals = new Map<string, number>();
  const commands = new Map<string, number>();
  const relaySeconds = new client.Histogram({
    name: 'lifeline_relay_seconds',
    help: 'Time from receiving a message to sending it on, in seconds.',
    buckets: RELAY_SECONDS_BUCKETS,
    registers,
  });
  const total = (name: string, help: string, read: () => number) =>
    new client.Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  const byLabel = (name: string, help: string, label: string, counts: Map<string, number>) =>
    new client.Counter({
      name,
      help,
      labelNames: [label],
      registers,
      collect() {
        this.reset();
        for (const [value, count] of counts) this.inc({ [label]: value }, count);
      },
    });
  total('lifeline_joins_total', 'Members who entered a room afresh.', () => joins);
  total('lifeline_recoveries_total', 'Connections that recovered their session (Socket.IO connection-state recovery).', () => recoveries);
  total('lifeline_messages_relayed_total', 'Messages sent on to a room or an addressee.', () => messages);
  total('lifeline_relayed_bytes_total', 'Bytes of the messages sent on, as they arrived.', () => bytes);
  byLabel('lifeline_refusals_total', 'Connections refused, by the code they were told.', 'code', refusals);
  byLabel('lifeline_commands_total', 'Room commands received (admit, deny, mute, remove, lock, unlock, end), by action.', 'action', commands);
  const add = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

  return {
    joined: () => void joins++,
    refused: (code) => add(refusals, code),
    received(packet, size) {
      const raw = packet[1];
      if (packet[0] === 'message' && typeof raw === 'object' && raw !== null) (raw as Arrived)[ARRIVAL] = [size, performance.now()];
    },
    relayed(raw) {
      const arrival = (raw as Arrived | null)?.[ARRIVAL];
      messages++;
      if (!arrival) return;
      bytes += arrival[0];
      relaySeconds.observe((performance.now() - arrival[1]) / 1000);
    },
    watch(io, { isRoom, draining }) {
      const gauge = (name: string, help: string, read: () => number) =>
        new client.Gauge({
          name,
          help,
          registers,
          collect() {
            this.set(read());
          },
        });
      /** This node's rooms with a member connected to it, and those members. */
      const local = () => {
        let rooms = 0;
        let members = 0;
        for (const [key, sockets] of io.of('/').adapter.rooms) {
          if (!isRoom(key)) continue;
          rooms++;
          members += sockets.size;
        }
        return { rooms, members };
      };
      gauge('lifeline_connections_open', 'Engine.IO connections open to this node, waiting guests and handshakes included.', () => io.engine.clientsCount);
      gauge('lifeline_rooms', 'Rooms with at least one member connected to this node.', () => local().rooms);
      gauge('lifeline_members', 'Room members connected to this node (not those waiting or held for recovery).', () => local().members);
      gauge('lifeline_draining', '1 while this node drains (readyz answers 503), else 0.', () => (draining() ? 1 : 0));
      io.on('connection', (socket: Socket) => {
        if (socket.recovered) recoveries++;
        // Only actions the protocol knows become labels: a client cannot invent new series.
        socket.on('control', (raw: unknown) => {
          const command = parseRoomCommand(raw);
          if (command) add(commands, command.action);
        });
      });
    },
    async serve(pathname, req, res) {
      if (pathname !== path) return false;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return true;
      }
      const text = await register.metrics();
      res.writeHead(200, { 'content-type': register.contentType, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : text);
      return true;
    },
    close: () => register.clear(),
  };
}
