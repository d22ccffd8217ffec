// Setting up and removing second factors, for the account page and for a sign-in that must set
// one up first: an authenticator app (scan, then confirm a code), passkeys, and recovery codes —
// ten, handed out with the first factor and whenever their owner asks for new ones, shown once.
import type { User } from '../../../shared/admin-contract.ts';
import { commit } from '../admin/app.ts';
import { RECOVERY_CODE_COUNT, checkMayRemoveFactor, hasSecondFactor } from '../domain/factors.ts';
import { conflict, notFound } from '../domain/errors.ts';
import type { EventBus } from '../events.ts';
import { t } from '../i18n/translate.ts';
import type { FactorSecrets } from '../security/factor-secrets.ts';
import { hashRecoveryCode, newRecoveryCodes } from '../security/recovery-codes.ts';
import { matchTotp, newTotpSecret, totpUri } from '../security/totp.ts';
import type { NewPasskey } from './passkeys.ts';
import { factorPolicy, type PolicyDeps } from './policy.ts';

export type EnrolmentDeps = PolicyDeps & { events: EventBus; secrets: FactorSecrets };

/** What the person scans (or types) into their authenticator app. */
export type TotpSetup = { secret: string; uri: string; qrDataUrl: string };

/** How the account appears in authenticator apps: "Lanyard (hub.local): alice". */
export type AppLabel = { issuer: string; account: string };

async function describe(secret: string, label: AppLabel): Promise<TotpSetup> {
  const uri = totpUri({ secret, issuer: label.issuer, account: label.account });
  // Loaded when first needed: nothing else in the hub draws QR codes.
  const { default: QRCode } = await import('qrcode');
  return { secret, uri, qrDataUrl: await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 1, width: 220 }) };
}

/** Starts setting up an authenticator app with a new secret (replacing one not yet confirmed). */
export async function beginTotp(deps: EnrolmentDeps, user: User, label: AppLabel): Promise<TotpSetup> {
  const secret = newTotpSecret();
  if (!deps.store.factors.startTotp(user.id, deps.secrets.seal(secret, user.id))) {
    throw conflict(t('pages.factors.totpAlready'));
  }
  return describe(secret, label);
}

/** The app being set up, again (after a wrong code); undefined when none is. */
export async function pendingTotp(deps: EnrolmentDeps, user: User, label: AppLabel): Promise<TotpSetup | undefined> {
  const record = deps.store.factors.totp(user.id);
  const secret = record && !record.confirmed ? deps.secrets.open(record.sealedSecret, user.id) : undefined;
  return secret === undefined ? undefined : describe(secret, label);
}

/** Recovery codes for someone setting up their first factor; none if they still have some. */
function firstRecoveryCodes(deps: EnrolmentDeps, userId: string): string[] | null {
  if (deps.store.factors.recoveryCodesLeft(userId) > 0) return null;
  const codes = newRecoveryCodes(RECOVERY_CODE_COUNT);
  deps.store.factors.replaceRecoveryCodes(userId, codes.map(hashRecoveryCode));
  return codes;
}

/**
 * Confirms the app being set up with a code from it. The code's time step is recorded as used,
 * so the same code cannot then sign in. Returns new recovery codes if this is the first factor.
 */
export function confirmTotp(deps: EnrolmentDeps, user: User, code: string, actor: string): { ok: true; recoveryCodes: string[] | null } | { ok: false } {
  const record = deps.store.factors.totp(user.id);
  const secret = record && !record.confirmed ? deps.secrets.open(record.sealedSecret, user.id) : undefined;
  const step = secret === undefined ? undefined : matchTotp(secret, code);
  if (step === undefined) return { ok: false };
  return commit(deps, (changes) => {
    if (!deps.store.factors.useTotpStep(user.id, step)) return { ok: false as const };
    deps.store.factors.confirmTotp(user.id);
    const recoveryCodes = firstRecoveryCodes(deps, user.id);
    changes.event({ type: 'user.changed', actor, subject: user.id, summary: `${user.username} set up an authenticator app`, detail: { username: user.username, factor: 'totp' } });
    return { ok: true as const, recoveryCodes };
  });
}

/** Without a factor, recovery codes stand for nothing: they go with the last one. */
function dropCodesWithLastFactor(deps: EnrolmentDeps, userId: string): void {
  if (!hasSecondFactor(deps.store.factors.summary(userId))) deps.store.factors.replaceRecoveryCodes(userId, []);
}

export function removeTotp(deps: EnrolmentDeps, user: User, actor: string): void {
  commit(deps, (changes) => {
    const factors = deps.store.factors.summary(user.id);
    if (!factors.totp) throw notFound(t('pages.factors.totpNone'));
    checkMayRemoveFactor({ remaining: { ...factors, totp: false }, roles: user.roles, policy: factorPolicy(deps, user.id) });
    deps.store.factors.removeTotp(user.id);
    dropCodesWithLastFactor(deps, user.id);
    changes.event({ type: 'user.changed', actor, subject: user.id, summary: `${user.username} removed their authenticator app`, detail: { username: user.username, factor: 'totp' } });
  });
}

/** Keeps a new passkey; returns recovery codes if it is the first factor. */
export function addPasskey(deps: EnrolmentDeps, user: User, passkey: NewPasskey & { name: string; rpId: string }, actor: string): { recoveryCodes: string[] | null } {
  return commit(deps, (changes) => {
    if (deps.store.factors.passkey(passkey.credentialId)) throw conflict(t('pages.factors.passkeyRegistered'));
    deps.store.factors.addPasskey({ ...passkey, userId: user.id });
    const recoveryCodes = firstRecoveryCodes(deps, user.id);
    changes.event({ type: 'user.changed', actor, subject: user.id, summary: `${user.username} added the passkey "${passkey.name}"`, detail: { username: user.username, factor: 'passkey', rpId: passkey.rpId } });
    return { recoveryCodes };
  });
}

export function removePasskey(deps: EnrolmentDeps, user: User, credentialId: string, actor: string): void {
  commit(deps, (changes) => {
    const passkey = deps.store.factors.passkey(credentialId);
    if (!passkey || passkey.userId !== user.id) throw notFound(t('pages.factors.passkeyNoSuch'));
    const factors = deps.store.factors.summary(user.id);
    checkMayRemoveFactor({ remaining: { ...factors, passkeys: factors.passkeys - 1 }, roles: user.roles, policy: factorPolicy(deps, user.id) });
    deps.store.factors.removePasskey(user.id, credentialId);
    dropCodesWithLastFactor(deps, user.id);
    changes.event({ type: 'user.changed', actor, subject: user.id, summary: `${user.username} removed the passkey "${passkey.name}"`, detail: { username: user.username, factor: 'passkey' } });
  });
}

/** Ten new recovery codes; the old ones stop working. */
export function regenerateRecoveryCodes(deps: EnrolmentDeps, user: User, actor: string): string[] {
  return commit(deps, (changes) => {
    const codes = newRecoveryCodes(RECOVERY_CODE_COUNT);
    deps.store.factors.replaceRecoveryCodes(user.id, codes.map(hashRecoveryCode));
    changes.event({ type: 'user.changed', actor, subject: user.id, summary: `${user.username} made new recovery codes; the old ones no longer work`, detail: { username: user.username } });
    return codes;
  });
}
