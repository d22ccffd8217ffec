// The table `npm run bench` prints from its results, each number next to its target as
// PASS/MISS, and at the end the targets alone as a checklist (issue 15's first). Nothing here
// measures; bench/run.ts does.

/** Issue 15's targets for the hub, and the earlier ones for scale, the console and start-up. */
export const TARGETS = {
  /** hub req/s ÷ baseline req/s at `connections` connections. */
  ratio: { client_credentials: 1.0, introspection: 1.0, refresh_token: 0.8, authorization_code: 0.8 } as Record<string, number>,
  p99Ms: 25,
  idleRssMB: 100,
  loadedRssMB: 200,
  lostTokens: 0,
  scaleRatio: 0.9,
  firstPageMs: 20,
  deepPageMs: 50,
  scaleRssMB: 200,
  startupMs: 1500,
  consoleFirstRowMs: 200,
  consoleFrameMs: 50,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the results JSON, read field by field
type Results = Record<string, any>;
type Check = { target: string; value: string; ok: boolean };

/**
 * Above this share of failed requests on either side a workload's ratio is not comparable:
 * failures are cheap answers (an unknown code costs a lookup, not a token), so they flatter the
 * side that has them. Such a ratio is shown as n/c and its target as missed.
 */
export const COMPARABLE_FAILED_SHARE = 0.01;

const percent = (share: number) => `${(share * 100).toLocaleString('en', { maximumFractionDigits: 1 })} %`;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const fmt = (value: number, digits = 0) => value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row, index) => {
    const line = row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
    return index === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}

/** Records a check for the checklist (`subject target`) and returns the table's mark (`target PASS`). */
function mark(checks: Check[], subject: string, target: string, value: string, ok: boolean): string {
  checks.push({ target: `${subject} ${target}`, value, ok });
  return `${target} ${verdict(ok)}`;
}

function sideBySide(sbs: Results, checks: Check[]): string[] {
  const out = ['1. Hub (SQLite) vs bare oidc-provider (in-memory LRU adapter)'];
  const notComparable: string[] = [];
  const rows = [['workload', 'hub req/s', 'base req/s', 'hub/base', 'hub p50', 'hub p99', 'base p50', 'base p99', 'CPU ms/req h/b', 'failed h/b', 'targets']];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the results JSON, read field by field
  for (const [workload, entry] of Object.entries(sbs.workloads) as [string, any][]) {
    const marks: string[] = [];
    const ratio = TARGETS.ratio[workload];
    // Older result files have no `comparable`: their ratios are read as before.
    const comparable = entry.comparable !== false;
    if (!comparable) notComparable.push(`${workload} (failed: hub ${percent(entry.hub.failedShare)}, baseline ${percent(entry.baseline.failedShare)})`);
    const ratioValue = `${fmt(entry.ratio, 2)}×${comparable ? '' : ' n/c'}`;
    if (ratio !== undefined) marks.push(mark(checks, workload, `≥${ratio}×`, ratioValue, comparable && entry.ratio >= ratio));
    if (workload !== 'password') marks.push(mark(checks, `${workload} p99`, `<${TARGETS.p99Ms} ms`, `${entry.hub.p99} ms`, entry.hub.p99 < TARGETS.p99Ms));
    const cpu = `${fmt(entry.hub.cpuMsPerRequest, 3)}/${fmt(entry.baseline.cpuMsPerRequest, 3)}`;
    rows.push([workload, fmt(entry.hub.rps), fmt(entry.baseline.rps), ratioValue, `${entry.hub.p50} ms`, `${entry.hub.p99} ms`, `${entry.baseline.p50} ms`, `${entry.baseline.p99} ms`, cpu, `${entry.hub.failed}/${entry.baseline.failed}`, marks.join(', ')]);
  }
  out.push(table(rows));
  out.push('req/s: successful answers only. CPU ms/req: the main thread of each server per answered request (from /proc): unlike req/s it holds up when other work shares the machine.');
  if (notComparable.length) out.push(`n/c = not comparable, more than ${percent(COMPARABLE_FAILED_SHARE)} of one side's requests failed (cheap failures flatter that side): ${notComparable.join('; ')}`);
  const rss = sbs.rss;
  const loaded = mark(checks, 'hub RSS under load', `<${TARGETS.loadedRssMB} MB`, `${fmt(rss.hubPeakMB)} MB peak`, rss.hubPeakMB < TARGETS.loadedRssMB);
  out.push(`RSS: hub idle after start ${fmt(rss.hubIdleMB)} MB; after the rounds ${fmt(rss.hubMB)} MB, peak ${fmt(rss.hubPeakMB)} MB (${loaded}); baseline ${fmt(rss.baselineMB)} MB (peak ${fmt(rss.baselinePeakMB)})`);
  return out;
}

function durability(d: Results, checks: Check[]): string[] {
  const lost = mark(checks, 'tokens lost to kill -9', `= ${TARGETS.lostTokens}`, `${d.lost} of ${d.acknowledged}`, d.lost === TARGETS.lostTokens && d.checked > 0);
  return [
    `\nDurability: kill -9 of the hub after ${fmt(d.killAfterMs)} ms of client_credentials and refresh_token load, restart (${fmt(d.restartMs)} ms), every acknowledged access token introspected`,
    `${fmt(d.acknowledged)} acknowledged, ${fmt(d.checked)} checked, ${fmt(d.lost)} not active (${lost})${d.lost ? `; e.g. ${d.lostSample.join(', ')}` : ''}`,
  ];
}

function scale(sc: Results, checks: Check[]): string[] {
  const cc = sc.clientCredentials;
  const intro = sc.introspection;
  return [
    `\n2. Scale: ${fmt(sc.seed.tokens)} live tokens (+${fmt(sc.seed.expired)} expired), ${fmt(sc.seed.clients)} clients, ${fmt(sc.seed.users)} users; seeded in ${fmt(sc.seed.seconds, 1)} s`,
    table([
      ['measure', 'value', 'target'],
      ['client_credentials, seeded vs empty', `${fmt(cc.seeded.rps)} vs ${fmt(cc.empty.rps)} req/s = ${fmt(cc.ratio, 2)}× (CPU ms/req ${fmt(cc.seeded.cpuMsPerRequest, 3)} vs ${fmt(cc.empty.cpuMsPerRequest, 3)})`, mark(checks, 'issue rate at scale vs empty', `≥${TARGETS.scaleRatio}×`, `${fmt(cc.ratio, 2)}×`, cc.ratio >= TARGETS.scaleRatio)],
      ['client_credentials p99, seeded', `${cc.seeded.p99} ms`, mark(checks, 'client_credentials p99 at scale', `<${TARGETS.p99Ms} ms`, `${cc.seeded.p99} ms`, cc.seeded.p99 < TARGETS.p99Ms)],
      ['introspection, seeded vs empty', `${fmt(intro.seeded.rps)} vs ${fmt(intro.empty.rps)} req/s = ${fmt(intro.ratio, 2)}×`, ''],
      ['introspection p99, seeded', `${intro.seeded.p99} ms`, mark(checks, 'introspection p99 at scale', `<${TARGETS.p99Ms} ms`, `${intro.seeded.p99} ms`, intro.seeded.p99 < TARGETS.p99Ms)],
      ['tokens.list first page (p50 / p99)', `${fmt(sc.admin.firstPage.p50, 1)} / ${fmt(sc.admin.firstPage.p99, 1)} ms`, mark(checks, 'tokens.list first page at scale', `<${TARGETS.firstPageMs} ms`, `${fmt(sc.admin.firstPage.p99, 1)} ms`, sc.admin.firstPage.p99 < TARGETS.firstPageMs)],
      [`tokens.list client filter, page ${sc.admin.deepPage.page} (p50 / p99)`, `${fmt(sc.admin.deepPage.p50, 1)} / ${fmt(sc.admin.deepPage.p99, 1)} ms`, mark(checks, 'tokens.list deep page at scale', `<${TARGETS.deepPageMs} ms`, `${fmt(sc.admin.deepPage.p99, 1)} ms`, sc.admin.deepPage.p99 < TARGETS.deepPageMs)],
      ['tokens.count (all live)', `${fmt(sc.admin.count.ms, 1)} ms for ${fmt(sc.admin.count.live)}`, ''],
      ['purgeExpired()', `${fmt(sc.purge.removed)} rows in ${fmt(sc.purge.ms)} ms`, ''],
      ['database file (+ WAL)', `${fmt(sc.database.totalMB)} MB (WAL ${fmt(sc.database.walMB)} MB)`, ''],
      ['hub RSS, seeded, after the rounds', `${fmt(sc.rss.seededMB)} MB (peak ${fmt(sc.rss.seededPeakMB)})`, mark(checks, 'hub RSS at scale', `<${TARGETS.scaleRssMB} MB`, `${fmt(sc.rss.seededPeakMB)} MB peak`, sc.rss.seededPeakMB < TARGETS.scaleRssMB)],
    ]),
  ];
}

function consoleScreen(c: Results | undefined, checks: Check[]): string[] {
  if (c?.skipped) return [`\nConsole: skipped (${c.skipped})`];
  if (c?.error) return [`\nConsole: FAILED: ${c.error.split('\n')[0]}`];
  if (!c) return [];
  const sc = c.scroll;
  const out = [
    `\nConsole (Chromium, built console served by the seeded hub): live-tokens screen, ${c.firstRow.samples.length} opens after a warm-up, ${sc.steps} scroll steps of a box height every ${sc.stepMs} ms per open`,
    table([
      ['measure', 'value', 'target'],
      ['click "Live tokens" → first row painted (p50 / p95)', `${fmt(c.firstRow.p50)} / ${fmt(c.firstRow.p95)} ms`, mark(checks, 'console first row (p95)', `<${TARGETS.consoleFirstRowMs} ms`, `${fmt(c.firstRow.p95)} ms p95`, c.firstRow.p95 < TARGETS.consoleFirstRowMs)],
      ['  samples; cold first open', `${c.firstRow.samples.map((ms: number) => fmt(ms)).join(', ')}; cold ${fmt(c.coldOpenMs)} ms`, ''],
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the results JSON, read field by field
      ['  API calls while opening (p50)', Object.entries(c.firstRow.api).map(([op, v]: [string, any]) => `${op} ${fmt(v.p50)}`).join(', ') + ' ms', ''],
      ['scroll: longest frame', `${fmt(sc.longestFrameMs)} ms`, ''],
      ['scroll: frames > 50 ms', `${fmt(sc.framesOver50)} of ${fmt(sc.frames)} (p95 frame ${fmt(sc.p95FrameMs, 1)} ms)`, mark(checks, 'console scroll: frames', `none >${TARGETS.consoleFrameMs} ms`, `${fmt(sc.framesOver50)} over, longest ${fmt(sc.longestFrameMs)} ms`, sc.framesOver50 === 0)],
      ['scroll: long tasks (> 50 ms)', `${fmt(sc.longTasks)}, longest ${fmt(sc.longestTaskMs)} ms`, ''],
      ['scroll: rows loaded by cursor paging', `${fmt(sc.rowsLoaded)} per run (p50); ${fmt(sc.stalledSteps)} steps hit the loaded end`, ''],
    ]),
  ];
  if (c.problems?.length) out.push(`console errors in the page: ${c.problems.slice(0, 3).join(' | ')}`);
  return out;
}

function startup(st: Results, checks: Check[], config: { idleSettleSeconds: number; idleAfterBackupSeconds: number | undefined }): string[] {
  const samples = (values: number[]) => values.map((ms) => fmt(ms)).join(', ');
  const idle = st.empty.idleMB;
  return [
    '\n3. Start-up of `lanyard serve` until discovery answers (median)',
    table([
      ['database', 'median', 'samples', 'target'],
      ['first start (new data dir)', `${fmt(st.firstStart.median)} ms`, samples(st.firstStart.samples), ''],
      ['empty', `${fmt(st.empty.median)} ms`, samples(st.empty.samples), mark(checks, 'start-up, empty database', `<${TARGETS.startupMs} ms`, `${fmt(st.empty.median)} ms`, st.empty.median < TARGETS.startupMs)],
      ...(st.seeded ? [['seeded', `${fmt(st.seeded.median)} ms`, samples(st.seeded.samples), mark(checks, 'start-up, seeded database', `<${TARGETS.startupMs} ms`, `${fmt(st.seeded.median)} ms`, st.seeded.median < TARGETS.startupMs)]] : []),
      ['idle RSS: lanyard serve (the built command)', `${fmt(idle.median)} MB`, samples(idle.samples), mark(checks, 'lanyard serve idle RSS', `<${TARGETS.idleRssMB} MB`, `${fmt(idle.median)} MB`, idle.median < TARGETS.idleRssMB)],
      ["idle RSS: the desktop app's hub bundle", `${fmt(st.desktop.idleMB)} MB`, '', mark(checks, "desktop hub idle RSS", `<${TARGETS.idleRssMB} MB`, `${fmt(st.desktop.idleMB)} MB`, st.desktop.idleMB < TARGETS.idleRssMB)],
      ...(st.desktop.afterBackupMB === undefined
        ? []
        : [["idle RSS: the desktop hub after its first automatic backup", `${fmt(st.desktop.afterBackupMB)} MB`, '', mark(checks, 'desktop hub idle RSS after the first backup', `<${TARGETS.idleRssMB} MB`, `${fmt(st.desktop.afterBackupMB)} MB`, st.desktop.afterBackupMB < TARGETS.idleRssMB)]]),
    ]),
    `Idle: ${config.idleSettleSeconds} s after start, past the hub's idle collection${config.idleAfterBackupSeconds ? `; the desktop hub (logging to a file, as in the app) again ${config.idleAfterBackupSeconds} s after start, past its first automatic backup` : ''}. Both run bundles, as shipped: \`lanyard serve\` the command's (dist/cli, built by the bench), the desktop hub the app's (measured under Node's fork, without Electron's own share of its utility process).`,
  ];
}

export function report(results: Results, config: { connections: number; duration: number; rounds: number; idleSettleSeconds: number; idleAfterBackupSeconds: number | undefined }): string {
  const checks: Check[] = [];
  const out = [`\nLanyard bench — ${results.startedAt}, Node ${results.machine.node}, ${results.machine.cpus} CPU(s), ${config.connections} connections, ${config.duration} s × ${config.rounds} round(s) per side, median shown\n`];
  if (results.sideBySide) out.push(...sideBySide(results.sideBySide, checks));
  const s = results.scrypt;
  out.push(`scrypt alone (N=2^15, r=8, p=1): hashPassword ${fmt(s.hashMs, 1)} ms, verifyPassword ${fmt(s.verifyMs, 1)} ms, ${fmt(s.verifyPerSecond, 1)} verifications/s with ${s.threadPool} pool threads — the password grant's ceiling`);
  if (results.durability) out.push(...durability(results.durability, checks));
  if (results.scale) out.push(...scale(results.scale, checks));
  out.push(...consoleScreen(results.console, checks));
  out.push(...startup(results.startup, checks, config));
  out.push(`\nTargets: ${checks.filter((check) => check.ok).length} of ${checks.length} met`);
  out.push(table([['target', 'measured', ''], ...checks.map((check) => [check.target, check.value, verdict(check.ok)])]));
  return out.join('\n');
}
