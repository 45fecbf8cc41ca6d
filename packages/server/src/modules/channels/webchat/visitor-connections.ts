import type { RealtimeSocket } from '../../../platform/realtime/socket.js';

/**
 * The visitor sockets open on this node, by organisation and contact, so an agent's reply finds
 * the visitor's open tabs. In-process: across nodes a reply to a visitor connected elsewhere stays
 * queued and is delivered with the history when the visitor reconnects.
 */
export interface VisitorConnection {
  socket: RealtimeSocket;
  orgId: string;
  channelId: string;
}

const byContact = new Map<string, Set<VisitorConnection>>();
const keyOf = (orgId: string, contactId: string) => `${orgId}:${contactId}`;

export function attachVisitorConnection(contactId: string, connection: VisitorConnection): void {
  const key = keyOf(connection.orgId, contactId);
  let set = byContact.get(key);
  if (!set) byContact.set(key, (set = new Set()));
  set.add(connection);
}

export function detachVisitorConnection(contactId: string, connection: VisitorConnection): void {
  const key = keyOf(connection.orgId, contactId);
  const set = byContact.get(key);
  if (!set) return;
  set.delete(connection);
  if (!set.size) byContact.delete(key);
}

export function visitorConnectionsOf(orgId: string, contactId: string): VisitorConnection[] {
  return [...(byContact.get(keyOf(orgId, contactId)) ?? [])];
}

/** How many visitor sockets this node tracks (tests check that closed sockets are forgotten). */
export function countVisitorConnections(): number {
  let n = 0;
  for (const set of byContact.values()) n += set.size;
  return n;
}
