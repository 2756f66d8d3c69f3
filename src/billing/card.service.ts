// Cards on file: add (checked, then tokenized by the gateway), list, remove, make default. Owners only.
// The number and security code pass through checkCard() and gateway.tokenize() and are never stored,
// logged or put in an error; what is kept is the token, brand, last four digits and expiry.
import type { Database } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { requireOwner, type Principal } from '../accounts/principal.js';
import { checkCard, type CardDetails } from '../payment/card-check.js';
import type { PaymentGateway } from '../payment/gateway-port.js';
import { cardExpired } from './billing-settings.js';
import type { CardRecord, CardRepository } from './card.repository.js';

/** Most cards an account keeps on file. */
export const MAX_CARDS_PER_ACCOUNT = 10;

/** A card as the API shows it. */
export interface CardView {
  readonly id: string;
  readonly brand: string;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
  readonly holderName: string | null;
  readonly isDefault: boolean;
  readonly expired: boolean;
  readonly createdAtMs: number;
}

/** A card to add: the details the user typed and, optionally, the name on the card. */
export interface NewCardInput extends CardDetails {
  readonly holderName?: string;
}

/** Cards of an account. */
export class CardService {
  constructor(
    private readonly db: Database,
    private readonly cards: CardRepository,
    private readonly gateway: PaymentGateway,
    private readonly clock: () => number,
    private readonly newId: () => string,
  ) {}

  /** Checks the card (CARD_NUMBER_INVALID, CARD_EXPIRY_INVALID, CARD_EXPIRED, CARD_CVC_INVALID, …), tokenizes it and keeps it; the first card is the default. */
  async add(principal: Principal, input: NewCardInput): Promise<CardView> {
    requireOwner(principal, 'add cards');
    // Checked here before anything else, so that no gateway adapter is trusted with the first refusal.
    checkCard(input, new Date(this.clock()));
    const active = await this.cards.listActive(this.db, principal.accountId);
    if (active.length >= MAX_CARDS_PER_ACCOUNT) {
      throw new AppError('CARD_LIMIT_REACHED', `The account has ${active.length} cards on file, the most it may keep`, { max: MAX_CARDS_PER_ACCOUNT });
    }
    const token = await this.gateway.tokenize({ number: input.number, expMonth: input.expMonth, expYear: input.expYear, cvc: input.cvc });
    const holderName = input.holderName?.trim() || null;
    const id = this.newId();
    await this.db.transaction(async (tx) => {
      // The first active card becomes the default; read again inside the transaction for a concurrent add.
      const hasDefault = (await this.cards.findDefault(tx, principal.accountId)) !== null;
      await this.cards.insert(tx, {
        id,
        accountId: principal.accountId,
        gatewayToken: token.token,
        brand: token.brand,
        last4: token.last4,
        expMonth: token.expMonth,
        expYear: token.expYear,
        holderName,
        isDefault: !hasDefault,
        createdAtMs: this.clock(),
        removedAtMs: null,
      });
    });
    return this.view((await this.cards.find(this.db, principal.accountId, id))!);
  }

  /** The account's cards, default first. */
  async list(principal: Principal): Promise<CardView[]> {
    requireOwner(principal, 'see the cards on file');
    return (await this.cards.listActive(this.db, principal.accountId)).map((c) => this.view(c));
  }

  /** Removes a card (CARD_NOT_FOUND for another account's or a removed one); when it was the default, the newest other card becomes it. */
  async remove(principal: Principal, id: string): Promise<void> {
    requireOwner(principal, 'remove cards');
    await this.db.transaction(async (tx) => {
      const card = await this.cards.find(tx, principal.accountId, id);
      if (card === null || card.removedAtMs !== null) throw notFound(id);
      await this.cards.remove(tx, principal.accountId, id, this.clock());
      if (card.isDefault) {
        const next = (await this.cards.listActive(tx, principal.accountId))[0];
        if (next !== undefined) await this.cards.makeDefault(tx, principal.accountId, next.id);
      }
    });
  }

  /** Makes a card the default (CARD_NOT_FOUND unless it is an active card of the account). */
  async makeDefault(principal: Principal, id: string): Promise<CardView> {
    requireOwner(principal, 'choose the default card');
    const changed = await this.db.transaction((tx) => this.cards.makeDefault(tx, principal.accountId, id));
    if (!changed) throw notFound(id);
    return this.view((await this.cards.find(this.db, principal.accountId, id))!);
  }

  /** The API view of a card. */
  view(c: CardRecord): CardView {
    return {
      id: c.id,
      brand: c.brand,
      last4: c.last4,
      expMonth: c.expMonth,
      expYear: c.expYear,
      holderName: c.holderName,
      isDefault: c.isDefault,
      expired: cardExpired(c.expMonth, c.expYear, this.clock()),
      createdAtMs: c.createdAtMs,
    };
  }
}

function notFound(id: string): AppError {
  // The same answer for another account's card as for no card, so that ids cannot be probed.
  return new AppError('CARD_NOT_FOUND', `No card ${id} is on file for this account`, { cardId: id });
}
