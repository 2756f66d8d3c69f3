// Polls GET /internal/v1/health of every enabled or draining processing server on an interval and
// marks each up or down, in memory (for selection) and in the database (for operators and other web
// servers). Each round first reloads the server list, so servers an operator adds elsewhere appear.
import type { ProcessingClient } from './processing-client.js';
import type { ServerRegistry } from './server-registry.js';

/** Something that can report a problem without stopping the loop. */
export interface HealthLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** The polling loop. */
export class HealthChecker {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly registry: ServerRegistry,
    private readonly client: ProcessingClient,
    private readonly intervalMs: number,
    private readonly logger: HealthLogger,
  ) {}

  /** Checks every server now and then every `intervalMs` until stopped. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.tick();
  }

  /** Stops the loop and waits for a round in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One round: reload the list, ask every enabled or draining server, record the verdicts. */
  async checkNow(): Promise<void> {
    await this.registry.refresh();
    await Promise.all(
      this.registry.active().map(async (server) => {
        const healthy = await this.client.health(server);
        if (healthy !== server.healthy) {
          this.logger.info({ serverId: server.id, name: server.name, healthy }, healthy ? 'processing server is up' : 'processing server is down');
        }
        await this.registry.setHealth(server.id, healthy);
      }),
    );
  }

  private async tick(): Promise<void> {
    // Rounds never overlap: the next one is scheduled only when this one has finished.
    this.running = this.checkNow().catch((err: unknown) => this.logger.warn({ err }, 'health check round failed'));
    await this.running;
    this.running = undefined;
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }
}
