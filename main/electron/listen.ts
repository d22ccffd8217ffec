// From the desktop app's settings to the hub's start options, and the check a setting
// passes before it is saved. The check is the hub's own: the transport policy
// (main/hub/tls/policy.ts) and the certificate loader the hub uses at start, so a setting
// the hub would refuse is refused here first, with the same reason.
import { access, constants, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { AdminResult } from '../../shared/admin-contract.ts';
import type { DesktopSettings } from '../../shared/desktop.ts';
import type { HubStartOptions } from '../hub/options.ts';
import { loadCertificate } from '../hub/tls/certificate.ts';
import { checkTransportPolicy } from '../hub/tls/policy.ts';

/** Where each listen mode binds. The LAN modes listen on every interface (IPv4); the dashboard lists the addresses. */
const LOOPBACK = '127.0.0.1';
const EVERY_INTERFACE = '0.0.0.0';

export interface StartContext {
  /** The CLI's data folder (`LANYARD_DATA`, else the OS's), used when the settings name none. */
  cliDataDir: string;
  consoleDir: string;
  /** The sign-in pages' passkey script (dist/passkeys/passkeys.js). */
  passkeyScript?: string | undefined;
  logFile: string;
  /** Development and test overrides (LANYARD_HUB_HOST, LANYARD_HUB_PORT). */
  host?: string | undefined;
  port?: number | undefined;
}

export const effectiveDataDir = (settings: DesktopSettings, cliDataDir: string) => settings.dataDir ?? cliDataDir;

export function hubStartOptions(settings: DesktopSettings, context: StartContext): HubStartOptions {
  const options: HubStartOptions = {
    dataDir: effectiveDataDir(settings, context.cliDataDir),
    consoleDir: context.consoleDir,
    logFile: context.logFile,
    host: context.host ?? (settings.listen === 'loopback' ? LOOPBACK : EVERY_INTERFACE),
  };
  if (context.port !== undefined) options.port = context.port;
  if (context.passkeyScript !== undefined) options.passkeyScript = context.passkeyScript;
  if (settings.listen === 'lan-https') options.tls = settings.certificate ?? 'generated';
  if (settings.listen === 'lan-http' && settings.insecureHttp) options.insecureHttp = true;
  return options;
}

const refuse = (field: string, message: string): AdminResult<never> => ({ ok: false, error: { code: 'invalid_input', message, fields: { [field]: message } } });

/** The hub's verdict on these settings, before they are saved: refused with the reason, or accepted with its warnings. */
export async function checkDesktopSettings(settings: DesktopSettings, context: StartContext): Promise<AdminResult<{ warnings: string[] }>> {
  const options = hubStartOptions(settings, { ...context, host: undefined });
  const policy = checkTransportPolicy({ host: options.host!, tls: options.tls !== undefined, insecureHttp: options.insecureHttp });
  if (!policy.ok) return refuse('insecureHttp', `${policy.reason} Choose HTTPS, or confirm that plain HTTP is acceptable on this network.`);
  const warnings = [...policy.warnings.map((w) => w.replace(/ Restart with --tls to serve HTTPS\.$/, ' Choose HTTPS to protect them.'))];

  if (typeof options.tls === 'object') {
    for (const [field, file] of [['certificate.certFile', options.tls.certFile], ['certificate.keyFile', options.tls.keyFile]] as const) {
      if (!path.isAbsolute(file)) return refuse(field, `Give the full path of the file (${file} is relative).`);
    }
    try {
      warnings.push(...(await loadCertificate(options.tls)).warnings);
    } catch (error) {
      return refuse('certificate', error instanceof Error ? error.message : String(error));
    }
  }

  if (settings.dataDir !== null) {
    const problem = await dataDirProblem(settings.dataDir);
    if (problem) return refuse('dataDir', problem);
  }
  return { ok: true, value: { warnings } };
}

async function dataDirProblem(dir: string): Promise<string | null> {
  if (!path.isAbsolute(dir)) return `Give the full path of the folder (${dir} is relative).`;
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.R_OK | constants.W_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOTDIR' || code === 'EEXIST' ? 'a file is in the way' : (error as Error).message;
    return `The hub cannot keep its data in ${dir}: ${why}. Choose a folder you can write to.`;
  }
}
