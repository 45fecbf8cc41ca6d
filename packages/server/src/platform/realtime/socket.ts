/**
 * The part of a `ws` WebSocket our handlers use. `ws` ships no types of its own and @types/ws is
 * not installed, so the shape is declared here once instead of leaking `any` into handlers.
 */
export interface RealtimeSocket {
  readonly readyState: number;
  send(data: string, cb?: (err?: Error) => void): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  ping(): void;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): this;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): this;
  on(event: 'pong', listener: () => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
}

export const OPEN = 1;

/** Sends one JSON frame if the socket is still open; a closed socket is not an error. */
export function sendFrame(socket: RealtimeSocket, frame: unknown): Promise<boolean> {
  if (socket.readyState !== OPEN) return Promise.resolve(false);
  return new Promise((resolve) => socket.send(JSON.stringify(frame), (err) => resolve(!err)));
}

/**
 * Pings every interval and drops a peer that did not answer the previous ping: a laptop that went
 * to sleep must not keep its subscriptions (and memory) forever.
 */
export function keepAlive(socket: RealtimeSocket, intervalMs = 30_000): void {
  let alive = true;
  socket.on('pong', () => (alive = true));
  const timer = setInterval(() => {
    if (!alive) return socket.terminate();
    alive = false;
    try {
      socket.ping();
    } catch {
      socket.terminate();
    }
  }, intervalMs);
  timer.unref();
  socket.on('close', () => clearInterval(timer));
}

/** The frame as text, or null when it is binary or fragmented. */
export function frameText(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): string | null {
  if (isBinary) return null;
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** True when the browser's Origin header names the host the request was sent to. */
export function isSameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}
