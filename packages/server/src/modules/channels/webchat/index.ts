import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context.js';

/** Web chat channel: /widget.js, /demo, the visitor WebSocket, and the agents' realtime socket. */
export async function webchatRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
