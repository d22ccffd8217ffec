// What a hub is made of between createHub and close: its opened data, its services, its
// background jobs, and what listen() learns (issuer, addresses, certificate, server).
import type { Server } from 'node:http';
import type { Limits } from '../../../shared/admin-contract.ts';
import type { AdminService } from '../admin/service.ts';
import type { BackupService } from '../backup/service.ts';
import type { Advertiser } from '../mdns/advertiser.ts';
import type { DeviceDecider } from '../oauth/device-decisions.ts';
import type { Lockout } from '../oauth/lockout.ts';
import type { PersonalTokenMinter } from '../oauth/personal-tokens.ts';
import type { HubOptions } from '../options.ts';
import type { TlsCertificate } from '../tls/index.ts';
import type { Jobs } from './background.ts';
import type { OpenedHub } from './open.ts';

/** What the hub knows and holds once it listens; empty (or undefined) before. */
export type Live = {
  issuer: string;
  url: string;
  urls: string[];
  warnings: string[];
  certificate: TlsCertificate | undefined;
  /** The stored limits with this run's overrides, read again when settings change. */
  limits: Limits;
  devices?: DeviceDecider;
  mintPersonalToken?: PersonalTokenMinter;
  server?: Server;
  withdraw?: () => void;
  advertiser?: Advertiser;
  closed: boolean;
};

export type HubParts = {
  options: HubOptions;
  opened: OpenedHub;
  admin: AdminService;
  backups: BackupService;
  lockout: Lockout;
  jobs: Jobs;
  live: Live;
  readLimits: () => Limits;
  purgeExpired: () => Promise<number>;
};
