// The store: one SQLite connection and the repositories over it. Nothing outside store/ writes SQL.
import { AuditRepository } from './audit.ts';
import { ClientRepository } from './clients.ts';
import { openDatabase, type Db } from './db.ts';
import { FactorRepository } from './factors.ts';
import { HoldingRepository } from './holdings.ts';
import { PersonalTokenRepository } from './personal-tokens.ts';
import { MetricsRepository } from './metrics.ts';
import { PairingRepository } from './pairings.ts';
import { DeviceCodeRepository } from './devices.ts';
import { RoleRepository } from './roles.ts';
import { ScopeRepository } from './scopes.ts';
import { SettingsRepository } from './settings.ts';
import { TokenRepository } from './tokens.ts';
import { UserRepository } from './users.ts';

export class Store {
  readonly db: Db;
  readonly scopes: ScopeRepository;
  readonly roles: RoleRepository;
  readonly users: UserRepository;
  readonly clients: ClientRepository;
  readonly tokens: TokenRepository;
  readonly audit: AuditRepository;
  readonly settings: SettingsRepository;
  readonly metrics: MetricsRepository;
  readonly devices: DeviceCodeRepository;
  readonly factors: FactorRepository;
  readonly personalTokens: PersonalTokenRepository;
  readonly holdings: HoldingRepository;
  readonly pairings: PairingRepository;

  constructor(dataDir: string) {
    this.db = openDatabase(dataDir);
    this.scopes = new ScopeRepository(this.db);
    this.roles = new RoleRepository(this.db, this.scopes);
    this.users = new UserRepository(this.db);
    this.clients = new ClientRepository(this.db);
    this.tokens = new TokenRepository(this.db);
    this.audit = new AuditRepository(this.db);
    this.settings = new SettingsRepository(this.db);
    this.metrics = new MetricsRepository(this.db);
    this.devices = new DeviceCodeRepository(this.db);
    this.factors = new FactorRepository(this.db);
    this.personalTokens = new PersonalTokenRepository(this.db);
    this.holdings = new HoldingRepository(this.db);
    this.pairings = new PairingRepository(this.db);
  }

  /** Runs `work` in one IMMEDIATE transaction: all of it lands or none of it does. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /**
   * Runs `work` in one transaction with SQLite's secure_delete on, then checkpoints the WAL
   * into the file and truncates it: what `work` deletes (plaintext keys) is overwritten, not
   * left in free pages or old WAL frames for a copy of the file to reveal.
   */
  scrubbing(work: () => void): void {
    const before = this.db.pragma('secure_delete', { simple: true }) as number;
    this.db.pragma('secure_delete = ON');
    try {
      this.transaction(work);
    } finally {
      this.db.pragma(`secure_delete = ${before}`);
    }
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /**
   * Runs `work`, which may await, as one transaction: for loading many rows at once (the
   * bench's seed). Writes made meanwhile on this connection, the adapter's group commits
   * included, become savepoints inside it, so each page reaches the WAL once, at the end, and a
   * failure leaves nothing behind. Nothing else may write through this store meanwhile.
   */
  async bulkLoad<T>(work: () => Promise<T>): Promise<T> {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  close(): void {
    if (this.db.open) {
      this.metrics.flush();
      // optimize may write (ANALYZE); a connection that only read (a CLI listing) leaves the file alone.
      if ((this.db.prepare('SELECT total_changes()').pluck().get() as number) > 0) this.db.pragma('optimize');
      this.db.close();
    }
  }
}
