import type { FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { AppContext } from '../../../platform/context.js';
import { registerAgentSocket } from '../../../platform/realtime/agent-socket.js';
import { MAX_MESSAGE_BYTES } from '../../conversations/ingest-message.js';
import { registerOutboundAdapter } from '../outbound.js';
import { deliverToVisitor } from './deliver-to-visitor.js';
import { registerDemoPage } from './render-demo-page.js';
import { registerVisitorSocket } from './open-visitor-socket.js';
import { registerWidgetScript } from './serve-widget-script.js';

/** Web chat channel: /widget.js, /demo, the visitor WebSocket, and the agents' realtime socket. */
export async function webchatRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  registerOutboundAdapter('webchat', deliverToVisitor);
  await app.register(async (scope) => {
    // Frames a little over the message limit still parse, so an oversize message gets a 413-style
    // error frame; far larger frames are cut by ws itself (close 1009).
    await scope.register(websocket, { options: { maxPayload: 4 * MAX_MESSAGE_BYTES } });
    registerWidgetScript(scope);
    registerDemoPage(scope, ctx);
    registerVisitorSocket(scope, ctx);
    registerAgentSocket(scope, ctx);
  });
}
