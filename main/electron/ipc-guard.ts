// The checks every admin IPC call passes before it reaches the hub: the sender is the main
// frame of our own window showing our own console, and the input satisfies the contract.
// Pure (no electron import): ipc.ts feeds it Electron's IpcMainInvokeEvent.
import { parseInput, type AdminResult, type OperationName } from '../../shared/admin-contract.ts';

/** The parts of Electron's IpcMainInvokeEvent the guard reads. */
export interface InvokeEventLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null | undefined;
}

export interface SenderPolicy {
  /** Is this webContents one of our console windows? */
  isTrustedWebContents(webContentsId: number): boolean;
  /** Is this URL our console's own origin? */
  isAppUrl(url: string): boolean;
}

/** Why a sender is refused, or null if it may call. */
function senderProblem(event: InvokeEventLike, policy: SenderPolicy): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'the calling frame is gone';
  if (!policy.isTrustedWebContents(event.sender.id)) return 'the call does not come from the console window';
  if (frame.parent !== null) return 'the call comes from a subframe';
  if (!policy.isAppUrl(frame.url)) return `the calling page is not the console (${safeOrigin(frame.url)})`;
  return null;
}

const safeOrigin = (url: string) => {
  const parsed = URL.parse(url);
  return parsed ? `${parsed.protocol}//${parsed.host}` : 'unparseable URL';
};

export type Relay = (op: OperationName, input: unknown) => Promise<AdminResult<unknown>>;

/** Runs `run` if the sender may call; always resolves to an AdminResult, never throws. */
export async function guardedCall(
  name: string,
  event: InvokeEventLike,
  policy: SenderPolicy,
  run: () => Promise<AdminResult<unknown>> | AdminResult<unknown>,
  onRefused?: (name: string, problem: string) => void,
): Promise<AdminResult<unknown>> {
  try {
    const problem = senderProblem(event, policy);
    if (problem) {
      onRefused?.(name, problem);
      return { ok: false, error: { code: 'forbidden', message: `Refused: ${problem}.` } };
    }
    return await run();
  } catch (error) {
    return { ok: false, error: { code: 'internal', message: `The desktop relay failed: ${error instanceof Error ? error.message : String(error)}` } };
  }
}

/** Handles one admin call from the renderer: sender check, contract validation, relay. */
export function guardedAdminCall(
  op: OperationName,
  event: InvokeEventLike,
  input: unknown,
  deps: { policy: SenderPolicy; relay: Relay; onRefused?: (op: OperationName, problem: string) => void },
): Promise<AdminResult<unknown>> {
  return guardedCall(
    op,
    event,
    deps.policy,
    () => {
      const parsed = parseInput(op, input);
      return parsed.ok ? deps.relay(op, parsed.value) : parsed;
    },
    deps.onRefused ? (name, problem) => deps.onRefused!(name as OperationName, problem) : undefined,
  );
}
