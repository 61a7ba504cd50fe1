/**
 * A node:http server on 127.0.0.1 that can be closed completely: open keep-alive
 * sockets and requests held by a `delay` fault are ended too, so a test's `close()`
 * leaves nothing running.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export class LoopbackServer {
  #server: Server | undefined;
  #sockets = new Set<Socket>();
  #timers = new Set<NodeJS.Timeout>();
  #port = 0;

  constructor(private readonly handler: RequestHandler, private readonly onError: (error: unknown) => void) {}

  get port(): number {
    return this.#port;
  }

  /** `http://127.0.0.1:<port>`, or '' before listen(). */
  get url(): string {
    return this.#server ? `http://127.0.0.1:${this.#port}` : '';
  }

  async listen(port = 0): Promise<string> {
    if (this.#server) return this.url;
    const server = createServer((req, res) => {
      this.handler(req, res).catch((error: unknown) => {
        this.onError(error);
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ message: 'simulator failure' }));
        } else res.destroy();
      });
    });
    server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    this.#port = typeof address === 'object' && address ? address.port : port;
    this.#server = server;
    return this.url;
  }

  /** A real-time wait that close() cancels (used by the `delay` fault). */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }
}
