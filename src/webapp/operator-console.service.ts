// What the operator console does, over ports: the server registry and round-robin selector of this web
// server, the processing servers' operator routes, the authority's deposit statement and the media
// registry. Routes (operator-api.routes.ts) only do HTTP on top of this.
import type { ServerRegistry } from '../web/server-registry.js';
import type { ServerSelector } from '../web/server-selector.js';
import type { IssuedMedium, MediaIssuer, MediaIssueRequest } from './media-issuer.js';
import type { AuthorityDepositPort, DepositStatement, ProcessingOperatorPort, PsdListing, ServerAudit, ServerTarget } from './operator-remote.js';
import { serversView, shownError, type ServersView, type ShownError } from './operator-views.js';
import { webappError } from './webapp-error.js';

/** One processing server's PSDs, or why they could not be read. */
export type ServerPsds = ServerTarget & { readonly state: string } & ({ readonly psds: readonly PsdListing[] } | { readonly error: ShownError });

/** One processing server's audit, or why it could not run. */
export type ServerAuditResult = ServerTarget & ({ readonly audit: ServerAudit } | { readonly error: ShownError });

/** The audit of every processing server: clean only when every server answered and every PSD is clean. */
export interface AuditRun {
  readonly clean: boolean;
  readonly servers: readonly ServerAuditResult[];
}

/** What the console works with. */
export interface OperatorConsoleDeps {
  readonly registry: Pick<ServerRegistry, 'active' | 'drain' | 'enable'>;
  readonly selector: Pick<ServerSelector, 'peek'>;
  readonly processing: ProcessingOperatorPort;
  /** null when the authority URL and vendor token are not configured. */
  readonly authority: AuthorityDepositPort | null;
  /** null when this web server has no media registry. */
  readonly media: MediaIssuer | null;
}

/** The operator console's operations. */
export class OperatorConsoleService {
  constructor(private readonly deps: OperatorConsoleDeps) {}

  /** The processing servers this web server knows (not removed), with the one round-robin picks next. */
  servers(): ServersView {
    return serversView(this.deps.registry.active(), this.deps.selector.peek()?.id ?? null);
  }

  /** Stops new purchases going to the server; answers the list as it is now. */
  async drain(idOrName: string): Promise<ServersView> {
    await this.deps.registry.drain(idOrName);
    return this.servers();
  }

  /** Lets new purchases go to the server again; answers the list as it is now. */
  async enable(idOrName: string): Promise<ServersView> {
    await this.deps.registry.enable(idOrName);
    return this.servers();
  }

  /** Every active server's PSDs, asked in parallel; a server that fails shows its error, the rest still show. */
  async psds(): Promise<readonly ServerPsds[]> {
    return Promise.all(
      this.deps.registry.active().map(async (s): Promise<ServerPsds> => {
        const target = { id: s.id, name: s.name, url: s.url, state: s.state };
        try {
          return { ...target, psds: await this.deps.processing.listPsds(s) };
        } catch (err) {
          return { ...target, error: shownError(err) };
        }
      }),
    );
  }

  /** Runs every active server's ledger audit in parallel. */
  async audit(options: { readonly signatures: boolean }): Promise<AuditRun> {
    const servers = await Promise.all(
      this.deps.registry.active().map(async (s): Promise<ServerAuditResult> => {
        const target = { id: s.id, name: s.name, url: s.url };
        try {
          return { ...target, audit: await this.deps.processing.audit(s, options) };
        } catch (err) {
          return { ...target, error: shownError(err) };
        }
      }),
    );
    return { clean: servers.every((s) => 'audit' in s && s.audit.ok), servers };
  }

  /** The vendor's deposit at the postal authority. */
  async deposit(): Promise<DepositStatement> {
    if (this.deps.authority === null) throw webappError('OPERATOR_AUTHORITY_NOT_CONFIGURED');
    return this.deps.authority.statement();
  }

  /** Issues media through the media registry. */
  async issueMedia(request: MediaIssueRequest): Promise<readonly IssuedMedium[]> {
    if (this.deps.media === null) throw webappError('MEDIA_ISSUER_NOT_CONNECTED');
    return this.deps.media.issue(request);
  }
}
