// The slice of the hub core (main/hub/index.ts) the shell depends on, spelled out
// structurally so the shell's pure modules and their tests do not need the hub itself.
// hub-entry.ts checks the real module against `HubModule` at compile time. The start
// options are the hub's own schema (main/hub/options.ts), sent as they are.
import type { AdminResult, HubEvent, OperationName, OperationOutput } from '../../shared/admin-contract.ts';
import type { HubStartOptions } from '../hub/options.ts';

export type { HubStartOptions };

export interface HubHandle {
  readonly issuer: string;
  admin: { call<K extends OperationName>(op: K, input: unknown, actor: string): Promise<AdminResult<OperationOutput<K>>> };
  events: { subscribe(listener: (e: HubEvent) => void): () => void };
  listen(): Promise<{ url: string }>;
  close(): Promise<void>;
}

/** What hub-entry needs from main/hub/index.ts (the hub picks its logger from `logFile`). */
export interface HubModule {
  /** `onRestartRequested`: a restore taken from the console is staged; the hub wants to start again on it. */
  createHub(options: HubStartOptions & { onRestartRequested?: () => void }): Promise<HubHandle>;
}
