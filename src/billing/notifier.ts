// The port through which billing tells an account something (the low-balance warning). The lead wires it
// to the accounts outbox; tests record the calls.

/** Sends a message to the people of an account. */
export interface Notifier {
  /** Queues or sends `subject` and `body` to the account; may throw, and billing then tries again at the next check. */
  notifyAccount(accountId: string, subject: string, body: string): Promise<void>;
}

/** A notifier that drops every message, for installations and tests that do not care. */
export const SILENT_NOTIFIER: Notifier = { notifyAccount: async () => undefined };
