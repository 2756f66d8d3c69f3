// The texts of the mail the accounts part sends (to the outbox). Links are relative to `baseUrl`, the
// public address of the web site (empty: a path the operator reads from the outbox).
import type { OutgoingMail } from './outbox.js';

/** The verification email: the link and the token itself (for an API client that has no browser). */
export function verificationMail(to: string, token: string, baseUrl: string): OutgoingMail {
  return {
    to,
    kind: 'verify-email',
    subject: 'Verify your email address',
    body:
      `Open this link to verify your email address:\n\n${baseUrl}/verify-email?token=${token}\n\n` +
      `Or send the token with POST /v1/email/verify {"token": "${token}"}.\nToken: ${token}\n\nThe link works once, for 24 hours.\n`,
  };
}

/** The invitation email of a new member. */
export function invitationMail(to: string, accountName: string, token: string, baseUrl: string): OutgoingMail {
  return {
    to,
    kind: 'invitation',
    subject: `You are invited to ${accountName}`,
    body:
      `You have been invited to the postage account ${accountName}. Open this link to choose a password:\n\n` +
      `${baseUrl}/accept-invitation?token=${token}\n\nOr send POST /v1/invitations/accept {"token": "${token}", "password": "…"}.\n` +
      `Token: ${token}\n\nThe link works once, for 7 days.\n`,
  };
}
