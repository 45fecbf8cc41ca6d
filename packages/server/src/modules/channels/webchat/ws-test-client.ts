import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

/** The slice of the `ws` client the tests use (the package ships no types). */
interface WsClient {
  readyState: number;
  send(data: string): void;
  close(code?: number): void;
  on(event: 'open', cb: () => void): this;
  on(event: 'message', cb: (data: Buffer) => void): this;
  on(event: 'close', cb: (code: number) => void): this;
  on(event: 'error', cb: (err: Error) => void): this;
  on(event: 'unexpected-response', cb: (req: unknown, res: { statusCode: number; resume(): void }) => void): this;
}
const WebSocket = createRequire(import.meta.url)('ws') as new (url: string, options?: { headers?: Record<string, string> }) => WsClient;

export type Frame = Record<string, any> & { type: string };

/** A test peer: collects JSON frames and waits for the next one that matches. */
export class SocketPeer {
  readonly frames: Frame[] = [];
  readonly #taken = new Set<number>();
  #listeners: (() => void)[] = [];
  closeCode: number | null = null;

  constructor(readonly ws: WsClient) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString('utf8')) as Frame);
      for (const l of this.#listeners) l();
    });
    ws.on('close', (code) => this.markClosed(code));
  }

  markClosed(code: number): void {
    if (this.closeCode !== null) return;
    this.closeCode = code;
    for (const l of this.#listeners) l();
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame of this type (and predicate) not yet returned by an earlier call. */
  next(type: string, where: (f: Frame) => boolean = () => true, timeoutMs = 8000): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const i = this.frames.findIndex((f, idx) => !this.#taken.has(idx) && f.type === type && where(f));
        if (i < 0) return false;
        this.#taken.add(i);
        cleanup();
        resolve(this.frames[i]!);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${type} frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.map((f) => f.type))}`));
      }, timeoutMs);
      const listener = () => void check();
      const cleanup = () => {
        clearTimeout(timer);
        this.#listeners = this.#listeners.filter((l) => l !== listener);
      };
      this.#listeners.push(listener);
      check();
    });
  }

  /** Resolves after `ms` with the frames of this type that arrived meanwhile. */
  async quiet(type: string, ms: number): Promise<Frame[]> {
    const before = this.frames.length;
    await new Promise((r) => setTimeout(r, ms));
    return this.frames.slice(before).filter((f) => f.type === type);
  }

  closed(timeoutMs = 5000): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.closeCode !== null) return resolve(this.closeCode);
      const timer = setTimeout(() => reject(new Error('socket did not close')), timeoutMs);
      this.#listeners.push(() => {
        if (this.closeCode !== null) {
          clearTimeout(timer);
          resolve(this.closeCode);
        }
      });
    });
  }

  close(): Promise<number> {
    this.ws.close();
    return this.closed();
  }
}

/** Opens a socket; rejects with the HTTP status when the server refuses the upgrade. */
export function openSocket(url: string, headers: Record<string, string> = {}, options: { keepRefused?: boolean } = {}): Promise<SocketPeer> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const peer = new SocketPeer(ws);
    ws.on('open', () => resolve(peer));
    ws.on('unexpected-response', (req, res) => {
      res.resume();
      // Normally hang up at once; keepRefused leaves it to the server, to check that it hangs up.
      if (!options.keepRefused) (req as { destroy(): void }).destroy();
      const socket = (req as { socket: { destroyed: boolean; on(e: 'close', cb: () => void): void } }).socket;
      if (socket.destroyed) peer.markClosed(-1);
      else socket.on('close', () => peer.markClosed(-1));
      reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode, peer }));
    });
    ws.on('error', (err) => reject(err));
  });
}

export function newVisitorId(): string {
  return randomBytes(24).toString('base64url');
}
