import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An HTTP server that can go down and come back on the same port, so tests can make a
 * fake truly refuse connections (ECONNREFUSED) and then recover.
 */
export class RestartableServer {
  private server: Server;
  private port = 0;

  constructor(
    private readonly handler: RequestListener,
    private readonly host = "127.0.0.1",
  ) {
    this.server = createServer(handler);
  }

  async start(port = 0): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port || this.port, this.host, () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this.url;
  }

  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  /** Stops listening: new connections are refused until `up()`. */
  async down(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
    this.server = createServer(this.handler);
  }

  async up(): Promise<void> {
    await this.start(this.port);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
