// Admin operations of the hub's defences: clearing a sign-in lockout, and the hub's keys
// (status, rotation, reset). Key material never leaves here; operators see ids and dates.
import type { KeyStatus } from '../../../shared/admin-contract.ts';
import { conflict } from '../domain/errors.ts';
import { peekKeySet, resetKeys, rotateKeys, type KeySet } from '../oauth/keys.ts';
import { KeyringError, type MasterKey } from '../security/keyring.ts';
import { createModelCodec, type ModelCodec } from '../security/model-codec.ts';
import { iso } from '../store/db.ts';
import type { AdminDeps, Handlers } from './app.ts';

/** What the security operations need beyond the store: the master key and the running hub's lockout. */
export type SecurityOptions = {
  /** The master key when this process has it (the hub always; the CLI when the key file is readable). */
  masterKey: () => MasterKey | undefined;
  /** For keys.reset: the master key, made when there is none (a lost key file). */
  masterKeyOrNew?: (() => MasterKey) | undefined;
  /** Where the master key is kept, for operators. */
  masterKeySource: string;
  /** The running hub's lockout; the CLI has none (the hub hears of the unlock from the audit log). */
  unlock?: ((username: string) => void) | undefined;
  /** True in the running hub: its provider holds the keys it started with. */
  serving: boolean;
};

/** Opens sealed user codes for the operators' pending-devices list; undefined without the master key. */
export function userCodeOpener(deps: Pick<AdminDeps, 'security'>): (stored: string) => string | undefined {
  let codec: ModelCodec | undefined;
  return (stored) => {
    const master = deps.security.masterKey();
    codec ??= master && createModelCodec(master);
    return codec?.openUserCode(stored);
  };
}

function describe(set: KeySet | undefined, master: MasterKey | undefined, source: string): KeyStatus {
  return {
    masterKeyId: master?.id ?? null,
    masterKeySource: source,
    signingKeys: (set?.signing ?? []).map((key, index) => ({ kid: String(key.value.kid ?? ''), createdAt: iso(key.createdAt)!, retiresAt: key.retireAt ? iso(key.retireAt)! : null, current: index === 0 })),
    cookieKeys: set?.cookies.length ?? 0,
  };
}

export const securityHandlers = (deps: AdminDeps) => {
  const { store, events, security } = deps;
  const requireMaster = (): MasterKey => {
    const master = security.masterKey();
    if (!master) throw conflict(`The master key is not available here (${security.masterKeySource}). Run this where the hub runs: the desktop app keeps its key in the OS keychain.`);
    return master;
  };
  /** Keyring problems are the operator's to fix, with the message saying how. */
  const keyring = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      if (error instanceof KeyringError) throw conflict(error.message);
      throw error;
    }
  };

  return {
    'users.unlock': ({ id }, actor) => {
      const user = store.users.require(id);
      security.unlock?.(user.username);
      events.emit({ type: 'user.unlocked', actor, subject: user.id, summary: `Failed sign-ins of ${user.username} forgotten: the account may sign in again from everywhere`, detail: { username: user.username } });
      return { username: user.username };
    },

    'keys.status': () => {
      const master = security.masterKey();
      return describe(master ? keyring(() => peekKeySet(store, master)) : undefined, master, security.masterKeySource);
    },

    'keys.rotate': (_input, actor) => {
      const master = requireMaster();
      const set = keyring(() => rotateKeys(store, master));
      events.emit({ type: 'keys.rotated', actor, summary: `Keys rotated: new signing key ${String(set.signing[0]!.value.kid)}; old keys keep verifying for their overlap`, detail: { kid: set.signing[0]!.value.kid } });
      return { status: describe(set, master, security.masterKeySource), restartRequired: security.serving };
    },

    'keys.reset': (_input, actor) => {
      const master = security.masterKeyOrNew ? keyring(security.masterKeyOrNew) : requireMaster();
      const set = keyring(() => resetKeys(store, master));
      events.emit({ type: 'keys.rotated', actor, summary: 'Keys reset: every previous key discarded; everyone signs in again', detail: { kid: set.signing[0]!.value.kid, reset: true } });
      return { status: describe(set, master, security.masterKeySource), restartRequired: security.serving };
    },
  } satisfies Partial<Handlers>;
};
