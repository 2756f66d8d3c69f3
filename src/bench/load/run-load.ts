// A closed-loop HTTP load generator on node:http keep-alive agents: `connections` clients, each sending
// its next request as soon as the previous one is answered, so the offered load follows the server
// (no coordinated-omission correction is needed or made: latency is that of a loaded closed system).
import { randomBytes } from 'node:crypto';
import { Agent, request, type OutgoingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { LatencySamples } from './latency-samples.js';
import { checkLoadOptions, DEFAULT_REQUEST_TIMEOUT_MS, type LoadOptions, type LoadResult } from './load-options.js';

/** The outcome of one request: its HTTP status, or the code of the error that ended it. */
type Outcome = number | string;

interface Tally {
  completed: number;
  ok: number;
  lastDoneMs: number;
  readonly errors: Record<string, number>;
  readonly latencies: LatencySamples;
}

/** Runs the load described by `options` in this process and returns what it measured. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  checkLoadOptions(options);
  const cpuBefore = process.cpuUsage();
  const runStartMs = performance.now();
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections });
  const sockets = new WeakSet<Socket>();
  let socketsOpened = 0;
  const send = requestSender(options, agent, (socket) => {
    if (!sockets.has(socket)) {
      sockets.add(socket);
      socketsOpened += 1;
    }
  });
  const windowStartMs = runStartMs + (options.warmupMs ?? 0);
  const stopAtMs = options.durationMs === undefined ? Infinity : windowStartMs + options.durationMs;
  const tally: Tally = { completed: 0, ok: 0, lastDoneMs: windowStartMs, errors: {}, latencies: new LatencySamples() };
  let measuredSent = 0;
  let answeredTotal = 0;
  const client = async (): Promise<void> => {
    for (;;) {
      const startMs = performance.now();
      if (startMs >= stopAtMs) return;
      if (startMs >= windowStartMs) {
        if (options.maxRequests !== undefined && measuredSent >= options.maxRequests) return;
        measuredSent += 1;
      }
      const outcome = await send();
      const doneMs = performance.now();
      answeredTotal += 1;
      // Counted when answered inside the window: the window is a steady-state slice of the run.
      if (doneMs >= windowStartMs && doneMs <= stopAtMs) record(tally, outcome, startMs, doneMs);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, client));
  } finally {
    agent.destroy();
  }
  const cpu = process.cpuUsage(cpuBefore);
  const elapsedSeconds = Math.max(0, tally.lastDoneMs - windowStartMs) / 1000;
  return {
    completed: tally.completed,
    ok: tally.ok,
    okPerSecond: elapsedSeconds > 0 ? tally.ok / elapsedSeconds : 0,
    elapsedSeconds,
    latencyMs: tally.latencies.summary(),
    errors: tally.errors,
    answeredTotal,
    socketsOpened,
    generatorCpuMs: (cpu.user + cpu.system) / 1000,
    runSeconds: (performance.now() - runStartMs) / 1000,
  };
}

function record(tally: Tally, outcome: Outcome, startMs: number, doneMs: number): void {
  tally.completed += 1;
  tally.lastDoneMs = Math.max(tally.lastDoneMs, doneMs);
  if (typeof outcome === 'number' && outcome >= 200 && outcome < 300) {
    tally.ok += 1;
    tally.latencies.add(doneMs - startMs);
  } else {
    const key = String(outcome);
    tally.errors[key] = (tally.errors[key] ?? 0) + 1;
  }
}

/** A function that sends one request and resolves with its outcome; it never rejects. */
function requestSender(options: LoadOptions, agent: Agent, onSocket: (socket: Socket) => void): () => Promise<Outcome> {
  const url = new URL(options.url);
  const body = options.body === undefined ? undefined : Buffer.from(options.body, 'utf8');
  const fixed: OutgoingHttpHeaders = { ...options.headers };
  if (body !== undefined) {
    fixed['content-type'] = 'application/json';
    fixed['content-length'] = body.length;
  }
  const runId = randomBytes(6).toString('hex');
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  let sequence = 0;
  return () =>
    new Promise<Outcome>((resolve) => {
      let settled = false;
      const settle = (outcome: Outcome): void => {
        if (!settled) {
          settled = true;
          resolve(outcome);
        }
      };
      const headers: OutgoingHttpHeaders = { ...fixed };
      sequence += 1;
      for (const name of options.uniqueHeaders ?? []) headers[name] = `${runId}-${sequence}`;
      const req = request({ agent, protocol: url.protocol, hostname: url.hostname, port: url.port, path: url.pathname + url.search, method: options.method, headers }, (res) => {
        res.on('error', (err: NodeJS.ErrnoException) => settle(err.code ?? 'response-error'));
        res.on('end', () => settle(res.statusCode ?? 'no-status'));
        // The body is read and dropped: the latency includes receiving it.
        res.resume();
      });
      req.on('socket', onSocket);
      req.setTimeout(timeoutMs, () => {
        settle('timeout');
        req.destroy();
      });
      req.on('error', (err: NodeJS.ErrnoException) => settle(err.code ?? 'request-error'));
      req.end(body);
    });
}
