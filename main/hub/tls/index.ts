// TLS for the hub: certificates and the transport policy. Its LAN addresses, URLs and issuer are network/lan.ts's.
export * from './certificate.ts';
export * from './policy.ts';
