// The store: one SQLite connection and the repositories over it. Nothing outside store/ writes SQL.
import { AuditRepository } from './audit.ts';
import { ClientRepository } from './clients.ts';
import { openDatabase, type Db } from './db.ts';
import { MetricsRepository } from './metrics.ts';
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
  }

  /** Runs `work` in one IMMEDIATE transaction: all of it lands or none of it does. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  close(): void {
    if (this.db.open) {
      this.metrics.flush();
      this.db.pragma('optimize');
      this.db.close();
    }
  }
}
