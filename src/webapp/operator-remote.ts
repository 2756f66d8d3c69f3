// The operator console's calls to the other servers of the installation: the processing servers'
// operator routes (with the internal token, as the web server's processing client sends it) and the
// postal authority's deposit statement (with the vendor's token). Every failure becomes a catalogued
// AppError: SERVER_UNREACHABLE when no answer came, OPERATOR_REMOTE_REFUSED (with the remote code and
// message) when the other server refused.
import { AppError } from '../errors/app-error.js';
import { OPERATOR_PATHS } from '../processing/routes/psds.routes.js';
import type { InternalHttpClient } from '../web/internal-http-client.js';
import { webappError } from './webapp-error.js';

/** A processing server as the console calls it. */
export interface ServerTarget {
  readonly id: string;
  readonly name: string;
  readonly url: string;
}

/** One PSD as a processing server's GET /internal/v1/psds lists it (see src/processing/psd-view.ts). */
export type PsdListing = Record<string, unknown> & { readonly psdId: number };

/** A processing server's audit: clean or not, with a report per PSD. */
export interface ServerAudit {
  readonly ok: boolean;
  readonly psds: readonly Record<string, unknown>[];
  /** LEDGER_AUDIT_FAILED and its message when the audit found problems. */
  readonly problem?: { readonly code: string; readonly message: string };
}

/** The calls the console makes to processing servers. */
export interface ProcessingOperatorPort {
  listPsds(server: ServerTarget): Promise<readonly PsdListing[]>;
  audit(server: ServerTarget, options: { readonly signatures: boolean }): Promise<ServerAudit>;
}

/** The vendor's deposit at the authority: balance and entries (the authority's GET /v1/deposit). */
export interface DepositStatement {
  readonly balanceMills: string;
  readonly entries: readonly Record<string, unknown>[];
}

/** The call the console makes to the postal authority. */
export interface AuthorityDepositPort {
  statement(): Promise<DepositStatement>;
}

/** Timeouts of the console's calls to processing servers, in milliseconds. */
export interface OperatorCallTimeouts {
  readonly listMs: number;
  /** An audit with signatures reads and verifies every indicium: allow minutes. */
  readonly auditMs: number;
}

/** Calls processing servers' operator routes over the web server's internal HTTP client. */
export class HttpProcessingOperatorClient implements ProcessingOperatorPort {
  constructor(
    private readonly http: InternalHttpClient,
    private readonly timeouts: OperatorCallTimeouts = { listMs: 10_000, auditMs: 300_000 },
  ) {}

  async listPsds(server: ServerTarget): Promise<readonly PsdListing[]> {
    const body = await this.get(server, OPERATOR_PATHS.psds, this.timeouts.listMs, [200]);
    const psds = (body as { psds?: unknown }).psds;
    if (!Array.isArray(psds)) throw unreadable(server);
    return psds as PsdListing[];
  }

  async audit(server: ServerTarget, options: { readonly signatures: boolean }): Promise<ServerAudit> {
    const outcome = await this.call(server, `${OPERATOR_PATHS.audit}?signatures=${options.signatures}`, this.timeouts.auditMs);
    const body = outcome.body as Record<string, unknown> | undefined;
    if (outcome.status === 200 && Array.isArray(body?.psds)) return { ok: true, psds: body.psds as Record<string, unknown>[] };
    // A broken ledger is a result to show, not a failed call: the reports come in the error's details.
    const details = body?.details as { psds?: unknown } | undefined;
    if (outcome.status === 409 && body?.code === 'LEDGER_AUDIT_FAILED' && Array.isArray(details?.psds)) {
      return { ok: false, psds: details.psds as Record<string, unknown>[], problem: { code: 'LEDGER_AUDIT_FAILED', message: String(body.message) } };
    }
    throw refusedOrUnreadable(server.name, outcome.status, body);
  }

  private async get(server: ServerTarget, path: string, timeoutMs: number, ok: readonly number[]): Promise<unknown> {
    const outcome = await this.call(server, path, timeoutMs);
    if (!ok.includes(outcome.status) || typeof outcome.body !== 'object' || outcome.body === null) {
      throw refusedOrUnreadable(server.name, outcome.status, outcome.body);
    }
    return outcome.body;
  }

  private async call(server: ServerTarget, path: string, timeoutMs: number): Promise<{ status: number; body: unknown }> {
    const outcome = await this.http.request({ baseUrl: server.url, method: 'GET', path, timeoutMs, freshConnection: true });
    if (outcome.kind !== 'answered') {
      throw new AppError('SERVER_UNREACHABLE', `Processing server ${server.name} (${server.url}) did not answer: ${outcome.reason}`, { server: server.name, url: server.url });
    }
    return outcome;
  }
}

/** Reads the authority's deposit statement with the vendor's bearer token. */
export class HttpAuthorityDepositClient implements AuthorityDepositPort {
  constructor(
    private readonly baseUrl: string,
    private readonly vendorToken: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async statement(): Promise<DepositStatement> {
    const url = `${this.baseUrl}/v1/deposit?limit=1000`;
    let response: Response;
    try {
      response = await fetch(url, { headers: { authorization: `Bearer ${this.vendorToken}`, accept: 'application/json' }, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw new AppError('SERVER_UNREACHABLE', `The postal authority (${this.baseUrl}) did not answer: ${(err as Error).message}`, { url: this.baseUrl });
    }
    const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (response.status === 200 && typeof body?.balanceMills === 'string' && Array.isArray(body.entries)) {
      return { balanceMills: body.balanceMills, entries: body.entries as Record<string, unknown>[] };
    }
    throw refusedOrUnreadable('the postal authority', response.status, body);
  }
}

/** OPERATOR_REMOTE_REFUSED carrying the other server's code and message, or SERVER_UNREACHABLE for an answer that is no error body. */
function refusedOrUnreadable(who: string, status: number, body: unknown): AppError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof b.code === 'string' && typeof b.message === 'string') {
    return webappError('OPERATOR_REMOTE_REFUSED', `${capitalize(who)} answered HTTP ${status} ${b.code}: ${b.message.replace(/\.$/, '')}`, {
      remoteStatus: status,
      remoteCode: b.code,
      remoteMessage: b.message,
    });
  }
  return new AppError('SERVER_UNREACHABLE', `${capitalize(who)} gave an answer the console cannot read (HTTP ${status})`, { status });
}

function unreadable(server: ServerTarget): AppError {
  return new AppError('SERVER_UNREACHABLE', `Processing server ${server.name} gave a PSD list the console cannot read`, { server: server.name });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
