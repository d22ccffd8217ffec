// Opens what a hub runs on before it listens: its log, a restore staged by the console, the
// database (checkpointed, bootstrapped), the event stream, and the master key with what it opens.
import { applyRestore, type AppliedRestore } from '../backup/restore.ts';
import { masterKeyCustody, type KeyCustody } from '../backup/key-custody.ts';
import { bootstrap } from '../bootstrap.ts';
import { EventBus } from '../events.ts';
import { openLogFile, silentLogger, type Logger } from '../log.ts';
import { loadKeys, type HubKeys } from '../oauth/keys.ts';
import { factorSecrets, sealPlainTotpSecrets, type FactorSecrets } from '../security/factor-secrets.ts';
import { loadMasterKey, type MasterKey } from '../security/keyring.ts';
import { createModelCodec, type ModelCodec } from '../security/model-codec.ts';
import { startCheckpointer, type Checkpointer } from '../store/checkpointer.ts';
import { Store } from '../store/index.ts';
import type { HubOptions } from '../options.ts';

/** A hub's data, open and ready to serve. */
export type OpenedHub = {
  logger: Logger;
  custody: KeyCustody;
  restored: AppliedRestore | undefined;
  store: Store;
  checkpoints: Checkpointer;
  events: EventBus;
  masterKey: MasterKey;
  keys: HubKeys;
  codec: ModelCodec;
  totpSecrets: FactorSecrets;
};

export async function openHub(options: HubOptions): Promise<OpenedHub> {
  const logger = options.logger ?? (options.logFile ? await openLogFile(options.logFile) : silentLogger());
  const custody = masterKeyCustody(options.keySource);
  const restored = await applyRestore(options.dataDir, custody); // a restore staged by the console, before the database opens
  const store = new Store(options.dataDir);
  const checkpoints = startCheckpointer(store.db, { onError: (error) => logger.warn({ err: error }, 'WAL checkpoints are back on the request path') });
  bootstrap(store);
  const events = new EventBus(store);
  if (restored) reportRestore(events, logger, restored);
  const masterKey = loadMasterKey(options.dataDir, options.keySource, { create: true });
  const keys = loadKeys(store, masterKey);
  const codec = createModelCodec(masterKey);
  const totpSecrets = factorSecrets(masterKey);
  sealPlainTotpSecrets(store, totpSecrets); // rows from before TOTP secrets were sealed
  return { logger, custody, restored, store, checkpoints, events, masterKey, keys, codec, totpSecrets };
}

/** Says what a restore swapped in, in the audit log and the hub's log. */
function reportRestore(events: EventBus, logger: Logger, restored: AppliedRestore): void {
  const keys = {
    kept: 'its keys open with this machine\'s key',
    carried: 'its keys came with the encrypted backup',
    new: "its keys could not be opened with this hub's master key, so the hub made new ones and dropped the backup's tokens and sessions: everyone signs in again and the JWKS changed",
  }[restored.keys];
  events.emit({ type: 'backup.restored', actor: 'lanyard', summary: `Restored from ${restored.source}; ${keys}`, detail: { ...restored } });
  logger.warn({ source: restored.source, beforeRestore: restored.beforeRestore, keys: restored.keys }, `Restored from ${restored.source}; ${keys}. The database it replaced is kept as ${restored.beforeRestore ?? '(none: the folder was empty)'}`);
}
