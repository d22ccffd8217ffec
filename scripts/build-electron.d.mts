// Types for scripts/build-electron.mjs (imported by test/electron/bundles.test.ts).
export interface BuildElectronOptions {
  outdir?: string;
  /** A module with the same createHub() as main/hub/index.ts, bundled in its place. */
  hubModule?: string;
  minify?: boolean;
  logLevel?: 'verbose' | 'debug' | 'info' | 'warning' | 'error' | 'silent';
}
export interface BuildElectronResult {
  outdir: string;
  /** Bytes per output file (relative to outdir). */
  outputs: Record<string, number>;
  /** Module specifiers each output leaves to the runtime (esbuild externals). */
  externals: Record<string, string[]>;
}
export function buildElectron(options?: BuildElectronOptions): Promise<BuildElectronResult>;
