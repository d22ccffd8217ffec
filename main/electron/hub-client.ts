// The parent's side of one hub child: numbered requests, a pending map with timeouts,
// validation of every answer. Transport-agnostic: the owner feeds it the child's messages
// (`receive`) and tells it when the child is gone (`failAll`).
import type { AdminResult, HubEvent, OperationName, OperationOutput } from '../../shared/admin-contract.ts';
import { ChildMessage, internalError, type ParentMessage } from './hub-protocol.ts';

export interface HubClientOptions {
  post(message: ParentMessage): void;
  /** Per request; the caller gets an `internal` error when it passes. */
  timeoutMs: number;
  onEvent?(event: HubEvent): void;
  onReady?(info: { url: string; issuer: string }): void;
  onFatal?(message: string, retry: boolean): void;
  onInvalid?(problem: string): void;
}

export interface HubClient {
  call<K extends OperationName>(op: K, input: unknown): Promise<AdminResult<OperationOutput<K>>>;
  receive(raw: unknown): void;
  /** Resolves every pending call with an `internal` error; later calls fail the same way. */
  failAll(message: string): void;
  readonly pending: number;
}

interface Pending {
  resolve(result: AdminResult<unknown>): void;
  timer: ReturnType<typeof setTimeout>;
}

export function createHubClient(options: HubClientOptions): HubClient {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closedReason: string | null = null;

  const settle = (id: number, result: AdminResult<unknown>) => {
    const entry = pending.get(id);
    if (!entry) return false;
    pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(result);
    return true;
  };

  return {
    get pending() {
      return pending.size;
    },
    call<K extends OperationName>(op: K, input: unknown) {
      if (closedReason !== null) return Promise.resolve(internalError(closedReason));
      const id = nextId++;
      return new Promise<AdminResult<OperationOutput<K>>>((resolve) => {
        const timer = setTimeout(
          () => settle(id, internalError(`The hub did not answer ${op} within ${Math.round(options.timeoutMs / 100) / 10} s.`)),
          options.timeoutMs,
        );
        pending.set(id, { resolve: resolve as Pending['resolve'], timer });
        try {
          options.post({ kind: 'request', id, op, input });
        } catch (error) {
          settle(id, internalError(`The request could not be sent to the hub: ${error instanceof Error ? error.message : String(error)}`));
        }
      });
    },
    receive(raw) {
      const parsed = ChildMessage.safeParse(raw);
      if (!parsed.success) {
        options.onInvalid?.(`malformed message from the hub: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
        // If it names a pending request, answer that request instead of letting it time out.
        const id = (raw as { id?: unknown } | null)?.id;
        if (typeof id === 'number') settle(id, internalError('The hub sent a malformed answer.'));
        return;
      }
      const message = parsed.data;
      switch (message.kind) {
        case 'response':
          if (!settle(message.id, message.result as AdminResult<unknown>)) options.onInvalid?.(`late or unknown answer #${message.id}`);
          return;
        case 'event':
          options.onEvent?.(message.event);
          return;
        case 'ready':
          options.onReady?.({ url: message.url, issuer: message.issuer });
          return;
        case 'fatal':
          options.onFatal?.(message.message, message.retry);
          return;
      }
    },
    failAll(message) {
      closedReason = message;
      for (const id of [...pending.keys()]) settle(id, internalError(message));
    },
  };
}
