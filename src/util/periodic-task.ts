/**
 * A task run on a timer, one run at a time: a run asked for while one is in progress shares it, and
 * stopping waits for the run in progress. Subclasses say what one run does.
 */
export abstract class PeriodicTask<T> {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<T> | undefined;

  constructor(private readonly intervalMs: number) {}

  /** Starts running every intervalMs; the timer does not keep the process alive. */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One run now (runs never overlap: one asked for while another runs shares it). */
  tick(): Promise<T> {
    this.running ??= this.runOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  /** What one run does. */
  protected abstract runOnce(): Promise<T>;
}
