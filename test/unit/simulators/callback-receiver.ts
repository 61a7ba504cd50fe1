/** A loopback endpoint that records the callbacks a simulator posts to it. */
import { createServer, type Server } from 'node:http';

export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

export class CallbackReceiver {
  readonly received: Received[] = [];
  /** The status the receiver answers with. */
  status = 200;
  /** When set, answers are held until this many requests have arrived (then all are answered). */
  holdUntil: number | undefined;
  /** How many requests had arrived when each answer was sent. */
  readonly arrivedAtAnswer: number[] = [];
  readonly #held: Array<() => void> = [];
  #server: Server | undefined;
  url = '';

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.received.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
        this.#held.push(() => {
          this.arrivedAtAnswer.push(this.received.length);
          res.writeHead(this.status);
          res.end();
        });
        if (this.holdUntil === undefined || this.received.length >= this.holdUntil) for (const answer of this.#held.splice(0)) answer();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    this.#server = server;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
  }
}
