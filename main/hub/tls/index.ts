// TLS for the hub: certificates, LAN addresses and URLs, and the transport policy.
export * from './certificate.ts';
export * from './lan.ts';
export * from './policy.ts';
