import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { INTERNAL_TOKEN_HEADER } from '../internal-api/dispense-contract.js';
import { authorityEnv, paymentSimulatorEnv, processingEnv, serverUrl, webEnv, type AuthorityFacts } from './process-env.js';
import type { ChildSpec } from './supervisor.js';
import { dataPath, type ProcessingServerConfig, type SystemConfig } from './system-config.js';

// The servers always run compiled (npm install builds them), also when this file runs from src/ in tests.
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

function logFile(config: SystemConfig, name: string): string {
  return dataPath(config, `logs/${name}.log`);
}

/** How the supervisor runs the postal authority. */
export function authoritySpec(config: SystemConfig): ChildSpec {
  const url = serverUrl(config, config.authority.port);
  return { name: 'authority', script: join(DIST, 'authority/main.js'), env: authorityEnv(config), healthUrl: `${url}/healthz`, logFile: logFile(config, 'authority') };
}

/** How the supervisor runs one processing server. */
export function processingSpec(config: SystemConfig, server: ProcessingServerConfig, facts: AuthorityFacts): ChildSpec {
  const url = serverUrl(config, server.port);
  return {
    name: server.id,
    script: join(DIST, 'processing/main.js'),
    env: processingEnv(config, server, facts),
    healthUrl: `${url}/internal/v1/health`,
    healthHeaders: { [INTERNAL_TOKEN_HEADER]: config.internalToken },
    logFile: logFile(config, server.id),
  };
}

/** How the supervisor runs the web server. */
export function webSpec(config: SystemConfig, facts: AuthorityFacts): ChildSpec {
  const url = serverUrl(config, config.web.port);
  return { name: 'web', script: join(DIST, 'web/main.js'), env: webEnv(config, facts.licenseNumber), healthUrl: `${url}/readyz`, logFile: logFile(config, 'web') };
}

/** How the supervisor runs the payment simulator (the embedded system's card gateway, test mode). */
export function paymentSimulatorSpec(config: SystemConfig): ChildSpec {
  const url = serverUrl(config, config.payment?.port ?? 0);
  return {
    name: 'payment-simulator',
    script: join(DIST, 'payment/simulator/main.js'),
    env: paymentSimulatorEnv(config),
    healthUrl: `${url}/healthz`,
    logFile: logFile(config, 'payment-simulator'),
  };
}
