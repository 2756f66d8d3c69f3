// The mail the system would send. There is no mail server: messages are written to the outbox table,
// where the operator (`indicia outbox`) and tests read them. Any part may send through it.
import type { Queryable } from '../db/database.js';
import { asBigInt, asString } from '../db/row-values.js';
import { newId as defaultNewId } from '../web/ids.js';

/** A message to send. */
export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly body: string;
  /** What sort of message, for filtering: 'verify-email', 'invitation', 'low-balance', … */
  readonly kind: string;
}

/** A message in the outbox. */
export interface OutboxMessage extends OutgoingMail {
  readonly id: string;
  readonly createdAtMs: number;
}

/** Writes and reads the outbox. */
export class Outbox {
  private readonly nowMs: () => number;
  private readonly newId: () => string;

  constructor(
    private readonly db: Queryable,
    options: { nowMs?: () => number; newId?: () => string } = {},
  ) {
    this.nowMs = options.nowMs ?? Date.now;
    this.newId = options.newId ?? defaultNewId;
  }

  /** Queues a message; `db` may be a transaction, so the mail is sent only if the change that caused it commits. */
  async send(mail: OutgoingMail, db: Queryable = this.db): Promise<OutboxMessage> {
    const message: OutboxMessage = { id: this.newId(), to: mail.to.trim().toLowerCase(), subject: mail.subject, body: mail.body, kind: mail.kind, createdAtMs: this.nowMs() };
    await db.execute('INSERT INTO outbox (id, to_address, subject, body, kind, created_at_ms) VALUES (?, ?, ?, ?, ?, ?)', [
      message.id,
      message.to,
      message.subject,
      message.body,
      message.kind,
      message.createdAtMs,
    ]);
    return message;
  }

  /** Messages, newest first; only those to `to` when given. */
  async list(options: { to?: string; limit?: number } = {}): Promise<OutboxMessage[]> {
    const limit = options.limit ?? 100;
    const rows =
      options.to === undefined
        ? await this.db.query('SELECT * FROM outbox ORDER BY created_at_ms DESC, id DESC LIMIT ?', [limit])
        : await this.db.query('SELECT * FROM outbox WHERE to_address = ? ORDER BY created_at_ms DESC, id DESC LIMIT ?', [options.to.trim().toLowerCase(), limit]);
    return rows.map((r) => ({
      id: asString(r.id, 'outbox.id'),
      to: asString(r.to_address, 'outbox.to_address'),
      subject: asString(r.subject, 'outbox.subject'),
      body: asString(r.body, 'outbox.body'),
      kind: asString(r.kind, 'outbox.kind'),
      createdAtMs: Number(asBigInt(r.created_at_ms, 'outbox.created_at_ms')),
    }));
  }
}
