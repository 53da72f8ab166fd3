import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/database.js';
import type { Tx } from '../../db/scope.js';
import type { Context, ProviderContext } from '../../platform/access/context.js';
import { OPS_PERMISSIONS } from '../../platform/access/permissions.js';
import { runAsSystem } from '../../platform/access/system-context.js';
import { audit } from '../../platform/audit/audit.js';
import { normaliseEmail } from '../../platform/auth/email.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { AppError, Errors } from '../../platform/errors.js';
import { findOperator, insertOperator, operatorEmailInUse } from './operators.repo.js';

/**
 * Creates a provider operator with a generated initial password, shown once to whoever runs the
 * command, holding every right (the first operator; later ones are invited from the console).
 * Two-factor enrolment is forced at the first sign-in.
 */
export function createOperator(
  db: Database,
  input: { email: string; name: string },
  createdBy = 'cli',
): Promise<{ id: string; email: string; password: string }> {
  return runAsSystem(db, { kind: 'provider' }, createdBy, ['ops:operators'], (ctx) =>
    createOperatorAccount(ctx, input),
  );
}

/** The operation behind `createOperator`: needs the operators right ('ops:operators'). */
export async function createOperatorAccount(
  ctx: ProviderContext,
  input: { email: string; name: string },
): Promise<{ id: string; email: string; password: string }> {
  ctx.require('ops:operators');
  const email = newOperatorEmail(input.email);
  const password = randomBytes(18).toString('base64url');
  await assertOperatorEmailFree(ctx.tx, email);
  const id = await insertOperator(ctx.tx, {
    email,
    name: input.name.trim(),
    passwordHash: await hashPassword(password),
    rights: OPS_PERMISSIONS,
  });
  await audit(ctx, {
    action: 'operator.created',
    target: { type: 'operator', id },
    details: { email, rights: [...OPS_PERMISSIONS] },
  });
  return { id, email, password };
}

/** A new operator's e-mail address, normalised; refused when it is not an address. */
export function newOperatorEmail(raw: string): string {
  const email = normaliseEmail(raw);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw Errors.invalidField('email', {
      ja: 'メールアドレスの形式が正しくありません。',
      en: 'The e-mail address is not valid.',
    });
  }
  return email;
}

/** Refuses an address another operator already has (409 email_taken). */
export async function assertOperatorEmailFree(tx: Tx, email: string): Promise<void> {
  if (await operatorEmailInUse(tx, email)) {
    throw new AppError(
      409,
      'email_taken',
      {
        ja: 'このメールアドレスの運営担当者は既に存在します。',
        en: 'An operator with this e-mail address already exists.',
      },
      { field: 'email' },
    );
  }
}

export async function describeOperator(ctx: Context) {
  if (ctx.actor.type !== 'operator') throw Errors.forbidden();
  const row = await findOperator(ctx.tx, { id: ctx.actor.id });
  if (!row) throw Errors.unauthenticated();
  return {
    operator: {
      id: row.id,
      name: row.name,
      email: row.email,
      totpEnabled: row.totp_enabled,
      rights: row.rights,
    },
  };
}
