import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { sendProblem } from '../http/error-handler.js';
import { SESSION_COOKIE, signedIn, userOf } from '../../modules/auth/route-access.js';
import { resolveSession } from '../../modules/auth/resolve-session.js';
import { isSameOrigin, keepAlive, sendFrame, type RealtimeSocket } from './socket.js';
import type { RealtimeEvent } from './event-bus.js';
import type { Permission } from '../../modules/auth/permissions.js';

/** The permission a user needs to receive an event on the feed; null for events between nodes, never sent. */
export function permissionToReceive(event: RealtimeEvent): Permission | null {
  if (event.type === 'inbox.filled') return null;
  if (event.type.startsWith('alert.')) return 'alerts:read';
  if (event.type.startsWith('incident.')) return 'incidents:read';
  return 'conversations:read';
}

/** How often an open socket re-checks its session, so a sign-out or a disabled user ends the feed (tests shorten it). */
export const agentSocketTiming = { sessionRecheckMs: 60_000 };

/**
 * `GET /api/v1/realtime`: the signed-in agent's feed of their organisation's events (ids and states
 * only; the web app refetches masked data over REST). It sits under /api/v1 so the access hook
 * authenticates the upgrade request like any other route; it must be registered in a scope where
 * @fastify/websocket is.
 */
export function registerAgentSocket(app: FastifyInstance, ctx: AppContext): void {
  app.route({
    method: 'GET',
    url: '/api/v1/realtime',
    config: { access: signedIn() },
    schema: {
      tags: ['realtime'],
      summary: "WebSocket feed of the organisation's events",
      description:
        'Upgrade to a WebSocket with the session cookie. Frames are JSON: `{"type":"ready"}`, then `message.created` / `message.updated` / `conversation.updated` with ids (and a state) only; `alert.created` / `alert.updated` to users who may read alerts, `incident.updated` to users who may read incidents. Close code 4401 when the session ends. A plain GET answers 426.',
    },
    // Cross-site WebSocket hijacking: a page elsewhere could open this socket with the agent's cookie.
    preHandler: async (request: FastifyRequest, reply: FastifyReply) => {
      const origin = request.headers.origin;
      if (origin !== undefined && !isSameOrigin(origin, request.headers.host)) {
        return sendProblem(reply, 403, 'forbidden-origin', 'Forbidden', 'This socket accepts connections from the Sigilo web app only.');
      }
    },
    handler: async (_request, reply) => sendProblem(reply, 426, 'upgrade-required', 'Upgrade required', 'Open this URL as a WebSocket.'),
    wsHandler: (raw: unknown, request: FastifyRequest) => {
      const socket = raw as RealtimeSocket;
      const auth = userOf(request);
      const token = request.cookies[SESSION_COOKIE] ?? '';
      keepAlive(socket);
      // Each event goes only to users holding the permission that reads what it is about.
      const unsubscribe = ctx.events.subscribe(auth.orgId, (event) => {
        const needed = permissionToReceive(event);
        if (needed && auth.permissions.has(needed)) sendFrame(socket, event);
      });
      const recheck = setInterval(() => {
        resolveSession(ctx, token).then(
          (session) => {
            const active = session?.via === 'session' && session.sessionId === auth.sessionId && session.sessionStatus === 'active';
            if (!active) socket.close(4401, 'session ended');
          },
          () => undefined, // a database hiccup is not a reason to drop the agent
        );
      }, agentSocketTiming.sessionRecheckMs).unref();
      socket.on('close', () => {
        unsubscribe();
        clearInterval(recheck);
      });
      // Agents only listen on this socket; whatever they send is ignored.
      socket.on('message', () => undefined);
      void sendFrame(socket, { type: 'ready' });
    },
  });
}
