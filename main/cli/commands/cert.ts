// `lanyard cert show`: the hub's TLS certificate (generated on first use) or the operator's own.
import type { Command } from 'commander';
import { resolveDataDir } from '../../hub/options.ts';
import { describeCertificate, ensureCertificate, loadCertificate } from '../../hub/tls/index.ts';
import { common, type Common } from '../common.ts';
import { Output } from '../output.ts';

type ShowFlags = Common & { cert?: string; key?: string };

export function registerCert(root: Command): void {
  const cert = root.command('cert').description("the hub's TLS certificate");
  common(cert.command('show'))
    .description("print the certificate's names, validity and SHA-256 fingerprint (generated on first use)")
    .option('--cert <file>', "the operator's certificate instead of the generated one")
    .option('--key <file>', "the operator's private key, checked against --cert")
    .action(show);
}

async function show(options: ShowFlags): Promise<void> {
  const certificate = options.cert && options.key ? await loadCertificate({ certFile: options.cert, keyFile: options.key }) : await ensureCertificate({ dataDir: resolveDataDir(options.data) });
  const description = describeCertificate(certificate.certPem);
  new Output(!!options.json).print(description, () =>
    [`Subject:     ${description.subject}`, `Names:       ${description.sans.join(', ')}`, `Valid:       ${description.notBefore} to ${description.notAfter}`, `SHA-256:     ${description.fingerprint256}`].join('\n'));
}
