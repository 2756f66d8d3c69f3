// The port through which the operator console issues media (labels and sheets with serials of spec §5).
// The lead wires it to the media registry (src/media/, MediaService.issue); the console knows nothing else
// of that registry.

/** What to issue: `count` media of one layout to one account. */
export interface MediaIssueRequest {
  readonly accountId: string;
  /** A print layout name (src/print/layouts.ts), e.g. "avery-5160". */
  readonly layout: string;
  readonly count: number;
}

/** One issued medium: its printed serial (NNNN-NNNN-NNNN-C) and, for sheets, its number of slots. */
export interface IssuedMedium {
  readonly serial: string;
  readonly slots?: number;
}

/** Issues media; throws catalogued AppErrors (unknown account, unknown layout, …) for what it refuses. */
export interface MediaIssuer {
  issue(request: MediaIssueRequest): Promise<readonly IssuedMedium[]>;
}
