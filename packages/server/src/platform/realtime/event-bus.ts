import { EventEmitter } from 'node:events';

/**
 * Events pushed to agents in real time. They carry ids and masked text only, never originals.
 * In-process today; across nodes the same interface is fed by PostgreSQL LISTEN/NOTIFY.
 */
export type RealtimeEvent =
  | { type: 'message.created'; conversationId: string; messageId: string }
  | { type: 'message.updated'; conversationId: string; messageId: string; state: string }
  | { type: 'conversation.updated'; conversationId: string };

export class EventBus {
  readonly #emitter = new EventEmitter().setMaxListeners(0);

  publish(orgId: string, event: RealtimeEvent): void {
    this.#emitter.emit(orgId, event);
  }

  subscribe(orgId: string, handler: (event: RealtimeEvent) => void): () => void {
    this.#emitter.on(orgId, handler);
    return () => this.#emitter.off(orgId, handler);
  }
}
