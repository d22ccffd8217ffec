// The slice of the hub core (main/hub/index.ts) the shell depends on, spelled out
// structurally so the shell's pure modules and their tests do not need the hub itself.
// hub-entry.ts checks the real module against `HubModule` at compile time.
import type { AdminResult, HubEvent, OperationName, OperationOutput } from '../../shared/admin-contract.ts';

export interface HubStartOptions {
  dataDir: string;
  /** The built console, also served to LAN browsers at /console. */
  consoleDir?: string;
  host?: string;
  port?: number;
  issuer?: string;
}

export interface HubHandle {
  readonly issuer: string;
  admin: { call<K extends OperationName>(op: K, input: unknown, actor: string): Promise<AdminResult<OperationOutput<K>>> };
  events: { subscribe(listener: (e: HubEvent) => void): () => void };
  listen(): Promise<{ url: string }>;
  close(): Promise<void>;
}

/** What hub-entry needs from main/hub/index.ts (the hub picks its own logger). */
export interface HubModule {
  createHub(options: HubStartOptions): Promise<HubHandle>;
}
