// The vendor's web server, really listening on a loopback port, with honest fake processing servers
// behind it and a recording proxy in front: what the client and the user verbs are tested against.
import { onTestFinished } from 'vitest';
import type { OpenTestDatabase } from '../../helpers/dialects.js';
import { startHarness, type HarnessOptions, type WebHarness } from '../../web/helpers/web-harness.js';
import { RecordingProxy } from './recording-proxy.js';

/** A running API server for a test. */
export interface ApiServer {
  readonly harness: WebHarness;
  /** The proxy's URL: what clients use. */
  readonly url: string;
  /** The web server's own URL, bypassing the proxy. */
  readonly directUrl: string;
  /** A valid API key (ik_…). */
  readonly apiKey: string;
  readonly proxy: RecordingProxy;
  /** Stamps the processing servers committed, each counted once. */
  dispensed(): number;
}

/** Starts the web server on 127.0.0.1:0 with `servers` fakes, and the proxy; all closed when the test ends. */
export async function startApiServer(open: OpenTestDatabase, options: HarnessOptions = {}): Promise<ApiServer> {
  const harness = await startHarness(open, options);
  const directUrl = await harness.app.listen({ port: 0, host: '127.0.0.1' });
  const proxy = new RecordingProxy(directUrl);
  await proxy.start();
  onTestFinished(() => proxy.close());
  return {
    harness,
    url: proxy.url,
    directUrl,
    apiKey: harness.auth.replace(/^Bearer /, ''),
    proxy,
    dispensed: () => harness.fakes.reduce((n, f) => n + f.dispensedCount, 0),
  };
}
