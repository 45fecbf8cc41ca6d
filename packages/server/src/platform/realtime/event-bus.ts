import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type pg from 'pg';
import type { Logger } from '../logging/logger.js';

/**
 * Events pushed to agents in real time. They carry ids and masked text only, never originals.
 * Relayed across nodes by PostgreSQL LISTEN/NOTIFY (see EventBus).
 */
export type RealtimeEvent =
  | { type: 'message.created'; conversationId: string; messageId: string }
  | { type: 'message.updated'; conversationId: string; messageId: string; state: string }
  | { type: 'conversation.updated'; conversationId: string }
  // Monitoring: only users who may read alerts / incidents receive these (see agent-socket.ts).
  | { type: 'alert.created'; alertId: string; severity: string }
  | { type: 'alert.updated'; alertId: string }
  | { type: 'incident.updated'; incidentId: string; reminder?: 'due_soon' | 'overdue' }
  // Between nodes only (published to SYSTEM_TOPIC, which no agent subscribes to): items were put
  // into an inbox queue, so a worker node waiting on an empty queue looks again now.
  | { type: 'inbox.filled'; queue: string };

/** The topic of events for the nodes themselves, never pushed to agents (organisation ids are UUIDs). */
export const SYSTEM_TOPIC = 'system';

/** The PostgreSQL channel the nodes share; payloads are JSON `{ node, events: [{ orgId, event }] }`. */
export const EVENTS_CHANNEL = 'sigilo_events';
/** NOTIFY payloads must stay under 8000 bytes; events are ids only, so a few dozen fit. */
const MAX_PAYLOAD_BYTES = 7000;

interface Relay {
  send(payload: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * In-process publish/subscribe for realtime pushes. On PostgreSQL the bus also relays through
 * LISTEN/NOTIFY, so an agent connected to one node sees what a worker on another node stored:
 * events published in the same tick go out in one NOTIFY, and a node ignores its own.
 */
export class EventBus {
  readonly #emitter = new EventEmitter().setMaxListeners(0);
  readonly #node = randomUUID();
  #relay: Relay | null = null;
  #outbox: Array<{ orgId: string; event: RealtimeEvent }> = [];
  #flushScheduled = false;

  publish(orgId: string, event: RealtimeEvent): void {
    this.#emitter.emit(orgId, event);
    if (!this.#relay) return;
    this.#outbox.push({ orgId, event });
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => void this.#flush());
    }
  }

  subscribe(orgId: string, handler: (event: RealtimeEvent) => void): () => void {
    this.#emitter.on(orgId, handler);
    return () => this.#emitter.off(orgId, handler);
  }

  /**
   * Relays events between nodes through PostgreSQL: `listen` is a dedicated connection (LISTEN
   * holds it), `notify` sends on the pool. Reconnects with backoff; events published while the
   * relay is down reach this node's agents only (their inbox refreshes on reconnect).
   */
  async connectRelay(options: { connect: () => Promise<pg.Client>; notify: (payload: string) => Promise<void>; logger: Logger }): Promise<void> {
    let client: pg.Client | null = null;
    let closed = false;
    let retryDelay = 500;
    const listen = async (): Promise<void> => {
      try {
        client = await options.connect();
        client.on('notification', (n) => {
          if (n.channel === EVENTS_CHANNEL && n.payload) this.#receive(n.payload);
        });
        client.on('error', () => {
          client = null;
          if (!closed) setTimeout(() => void listen(), retryDelay);
        });
        await client.query(`LISTEN ${EVENTS_CHANNEL}`);
        retryDelay = 500;
      } catch (err) {
        options.logger.warn({ err: { name: (err as Error).name, code: (err as { code?: string }).code } }, 'realtime relay: cannot listen; retrying');
        retryDelay = Math.min(retryDelay * 2, 30_000);
        if (!closed) setTimeout(() => void listen(), retryDelay);
      }
    };
    await listen();
    this.#relay = {
      send: options.notify,
      close: async () => {
        closed = true;
        await (client as pg.Client | null)?.end().catch(() => {});
      },
    };
  }

  async close(): Promise<void> {
    await this.#flush();
    await this.#relay?.close();
    this.#relay = null;
  }

  #receive(payload: string): void {
    let message: { node?: string; events?: Array<{ orgId: string; event: RealtimeEvent }> };
    try {
      message = JSON.parse(payload);
    } catch {
      return;
    }
    if (message.node === this.#node || !Array.isArray(message.events)) return;
    for (const { orgId, event } of message.events) this.#emitter.emit(orgId, event);
  }

  async #flush(): Promise<void> {
    this.#flushScheduled = false;
    const relay = this.#relay;
    const events = this.#outbox;
    this.#outbox = [];
    if (!relay || !events.length) return;
    const prefix = `{"node":"${this.#node}","events":[`;
    let chunk: string[] = [];
    let size = prefix.length + 2;
    const sends: Promise<void>[] = [];
    const send = () => {
      if (chunk.length) sends.push(relay.send(`${prefix}${chunk.join(',')}]}`).catch(() => {}));
      chunk = [];
      size = prefix.length + 2;
    };
    for (const e of events) {
      const json = JSON.stringify(e);
      if (size + json.length + 1 > MAX_PAYLOAD_BYTES) send();
      chunk.push(json);
      size += json.length + 1;
    }
    send();
    await Promise.all(sends);
  }
}
