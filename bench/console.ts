/* eslint-disable @typescript-eslint/no-explicit-any -- the page.evaluate bodies run in Chromium; bench/ is type-checked without the DOM library */
// The operator console's live-tokens screen on the seeded hub, in Debian's Chromium (driven by
// playwright-core, never a downloaded browser): the production build served by the hub at
// /console/, an admin signed in through the hub's own login page, then, per repetition, the
// time from clicking "Live tokens" until its first row is on screen, and frame timing while the
// virtualized table is scrolled down page after page (rows arriving by cursor paging).
// Measured in the page (performance.now, requestAnimationFrame, PerformanceObserver), so
// Playwright's round trips are not part of any number. See bench/README.md.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';
const VIEWPORT = { width: 1366, height: 900 };

/** Why the console step cannot run here, or null. */
export function consoleUnavailable(): string | null {
  return existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing`;
}

/** `vite build` of the console into `outDir` (what `npm run build:renderer` makes); returns ms. */
export async function buildConsole(root: string, outDir: string): Promise<number> {
  const { build } = await import('vite');
  const t0 = performance.now();
  await build({ configFile: join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return performance.now() - t0;
}

export type ConsoleOptions = {
  /** The hub's base URL; the console is at `${url}/console/`. */
  url: string;
  username: string;
  password: string;
  /** Measured opens (and scroll runs) of the live-tokens screen, after one warm-up open. */
  repetitions: number;
  /** Scroll steps of one scroll-box height each, per repetition. */
  scrollSteps: number;
  /** Pause after each scroll step, in ms (a brisk, continuous scroll: ~7 screens a second). */
  stepMs: number;
  log: (line: string) => void;
};

type ApiCall = { op: string; ms: number };
type Open = { domMs: number; paintMs: number; api: ApiCall[] };
type ScrollRun = {
  frames: number; longestFrameMs: number; p95FrameMs: number; over50: number; over100: number;
  longTasks: number; longestTaskMs: number;
  rowsLoaded: number; pagesLoaded: number; lastRowIndex: number; stalledSteps: number; scrolledPx: number; seconds: number;
};

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
};

export async function measureConsole(options: ConsoleOptions) {
  const { chromium } = await import('playwright-core');
  const { CHROMIUM_ARGS } = await import('../test/support/chromium.ts');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const problems: string[] = [];
  try {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      // Failed requests are logged by Chromium as errors; they are reported with their URL below.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
    });

    // Sign in through the hub's login page, as an operator would (the console is first-party: no consent).
    const signInT0 = performance.now();
    await page.goto(`${options.url}/console/`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Username').fill(options.username);
    await page.getByLabel('Password').fill(options.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    const signInMs = performance.now() - signInT0;

    const nav = page.getByRole('navigation', { name: 'Console sections' });
    const go = async (label: string) => {
      await nav.getByRole('link', { name: label, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: label }).waitFor();
    };

    /** Dashboard, then a click on "Live tokens": click → first `tbody tr[data-index]` in the DOM, and → the frame after it. */
    const open = async (): Promise<Open> => {
      await go('Dashboard');
      await page.evaluate(() => {
        const { document, MutationObserver, requestAnimationFrame } = globalThis as any; // in the page (no DOM types here)
        const w = globalThis as unknown as { __open: Promise<unknown> };
        w.__open = new Promise((resolve, reject) => {
          let t0 = 0;
          document.addEventListener('click', () => { t0 = performance.now(); }, { capture: true, once: true });
          const timer = setTimeout(() => reject(new Error('no token row within 30 s')), 30_000);
          const observer = new MutationObserver(() => {
            if (!t0 || !document.querySelector('tbody tr[data-index]')) return;
            observer.disconnect();
            clearTimeout(timer);
            const inDom = performance.now();
            // rAF runs before the frame is painted; the task after it runs once it has been.
            requestAnimationFrame(() => setTimeout(() => {
              const api = (performance.getEntriesByType('resource') as any[])
                .filter((e: any) => e.name.includes('/console/api/') && !e.name.endsWith('/events') && e.startTime >= t0)
                .map((e) => ({ op: e.name.slice(e.name.lastIndexOf('/') + 1), ms: e.responseEnd - e.startTime }));
              resolve({ domMs: inDom - t0, paintMs: performance.now() - t0, api });
            }, 0));
          });
          observer.observe(document.body, { childList: true, subtree: true });
        });
      });
      await nav.getByRole('link', { name: 'Live tokens', exact: true }).click();
      return page.evaluate(() => (globalThis as unknown as { __open: Promise<Open> }).__open);
    };

    /** Scrolls the table's box down `steps` box heights, recording every frame's duration. */
    const scroll = (): Promise<ScrollRun> =>
      page.evaluate(async ({ steps, stepMs }) => {
        const { document, requestAnimationFrame, PerformanceObserver } = globalThis as any; // in the page (no DOM types here)
        const box = document.querySelector('.virtual-table-scroll');
        const loadedText = () => Number(/([\d,.\s]+) loaded/.exec(document.body.innerText)?.[1]?.replace(/\D/g, '') ?? 0);
        const rowsBefore = loadedText();
        const frames: number[] = [];
        const tasks: number[] = [];
        const longTasks = new PerformanceObserver((list: any) => { for (const entry of list.getEntries()) tasks.push(entry.duration); });
        longTasks.observe({ type: 'longtask', buffered: false });
        let running = true;
        let last = 0;
        const tick = (now: number) => {
          if (last) frames.push(now - last);
          last = now;
          if (running) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
        await new Promise((resolve) => setTimeout(resolve, 100));
        const t0 = performance.now();
        let stalled = 0;
        for (let i = 0; i < steps; i += 1) {
          const before = box.scrollTop;
          box.scrollTop = before + box.clientHeight;
          // Clamped: the end of what is loaded so far (the next page is not in yet).
          if (box.scrollTop - before < box.clientHeight - 1) stalled += 1;
          await new Promise((resolve) => setTimeout(resolve, stepMs));
        }
        await new Promise((resolve) => setTimeout(resolve, 300)); // the last page's render
        running = false;
        longTasks.disconnect();
        const indexes = [...document.querySelectorAll('tbody tr[data-index]')].map((row: any) => Number(row.dataset.index));
        const rowsLoaded = loadedText();
        const sorted = [...frames].sort((a, b) => a - b);
        return {
          frames: frames.length,
          longestFrameMs: sorted.at(-1) ?? 0,
          p95FrameMs: sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)] ?? 0,
          over50: frames.filter((ms) => ms > 50).length,
          over100: frames.filter((ms) => ms > 100).length,
          longTasks: tasks.length,
          longestTaskMs: Math.max(0, ...tasks),
          rowsLoaded,
          pagesLoaded: rowsBefore ? Math.round((rowsLoaded - rowsBefore) / rowsBefore) : 0,
          lastRowIndex: Math.max(-1, ...indexes),
          stalledSteps: stalled,
          scrolledPx: box.scrollTop,
          seconds: (performance.now() - t0) / 1000,
        };
      }, { steps: options.scrollSteps, stepMs: options.stepMs });

    const warmUp = await open(); // the screen's code and the first queries' caches, cold
    await scroll();
    options.log(`console: signed in in ${signInMs.toFixed(0)} ms; cold open of Live tokens ${warmUp.paintMs.toFixed(0)} ms`);
    const opens: Open[] = [];
    const scrolls: ScrollRun[] = [];
    for (let i = 0; i < options.repetitions; i += 1) {
      const opened = await open();
      opens.push(opened);
      const slowest = [...opened.api].sort((a, b) => b.ms - a.ms)[0];
      const run = await scroll();
      scrolls.push(run);
      options.log(`console: open ${i + 1}: first row ${opened.domMs.toFixed(0)} ms in DOM, ${opened.paintMs.toFixed(0)} ms painted (slowest call ${slowest ? `${slowest.op} ${slowest.ms.toFixed(0)} ms` : '—'}); scroll ${options.scrollSteps} steps: ${run.frames} frames, longest ${run.longestFrameMs.toFixed(0)} ms, ${run.over50} > 50 ms, ${run.rowsLoaded} rows loaded (row ${run.lastRowIndex} reached, ${run.stalledSteps} steps at the loaded end)`);
    }
    const paint = opens.map((o) => o.paintMs);
    const calls = new Map<string, number[]>();
    for (const o of opens) for (const call of o.api) calls.set(call.op, [...(calls.get(call.op) ?? []), call.ms]);
    return {
      signInMs,
      coldOpenMs: warmUp.paintMs,
      firstRow: {
        samples: paint,
        domSamples: opens.map((o) => o.domMs),
        p50: percentile(paint, 50),
        p95: percentile(paint, 95),
        /** The API calls made while the screen opened, p50 per operation. */
        api: Object.fromEntries([...calls].map(([op, ms]) => [op, { p50: percentile(ms, 50), max: Math.max(...ms) }])),
      },
      scroll: {
        steps: options.scrollSteps,
        stepMs: options.stepMs,
        runs: scrolls,
        longestFrameMs: Math.max(...scrolls.map((s) => s.longestFrameMs)),
        p95FrameMs: percentile(scrolls.map((s) => s.p95FrameMs), 50),
        framesOver50: scrolls.reduce((sum, s) => sum + s.over50, 0),
        frames: scrolls.reduce((sum, s) => sum + s.frames, 0),
        longTasks: scrolls.reduce((sum, s) => sum + s.longTasks, 0),
        longestTaskMs: Math.max(...scrolls.map((s) => s.longestTaskMs)),
        rowsLoaded: percentile(scrolls.map((s) => s.rowsLoaded), 50),
        stalledSteps: scrolls.reduce((sum, s) => sum + s.stalledSteps, 0),
      },
      problems,
    };
  } finally {
    await browser.close();
  }
}

export type ConsoleResult = Awaited<ReturnType<typeof measureConsole>>;
