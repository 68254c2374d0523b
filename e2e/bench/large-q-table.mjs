// Measures the Q-table browser on a 1M-row Q-table: a state directory is seeded with one
// EntryAgent save, the built server serves it (no demo agent), and Chromium opens, sorts and
// scrolls the view. Prints figures; asserts nothing. Run: node bench/large-q-table.mjs [rows]

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { StateDirectory, entryAgentCodec, openKeyring } from '@quantum/persistence-core';

const rows = Number(process.argv[2] ?? 1_000_000);
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const server = join(repo, 'apps/server/dist/server.js');
const root = mkdtempSync(join(tmpdir(), 'qsc-bench-'));
const port = 4391;
const ms = (start) => `${(performance.now() - start).toFixed(0)} ms`;

function entryAgent(count) {
  const stateHash = new BigUint64Array(count);
  const action = new Uint8Array(count);
  const qValue = new Float64Array(count);
  let seed = 0x9e3779b9n;
  for (let i = 0; i < count; i++) {
    seed = (seed * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    stateHash[i] = seed;
    action[i] = i % 4;
    qValue[i] = Math.sin(i) * 2;
  }
  const traces = { stateHash: new BigUint64Array(0), action: new Uint8Array(0), eligibility: new Float64Array(0) };
  return { qTable: { stateHash, action, qValue }, traces, epsilon: 0.1, alpha: 0.05, lambda: 0.9, totalUpdates: count, stateSpaceSize: count, trainingStart: Date.now() };
}

let child;
try {
  const keyringPath = join(root, 'keyring.json');
  const { keyring } = await openKeyring(keyringPath);
  const store = await StateDirectory.open({ directory: join(root, 'state'), keyring });
  let start = performance.now();
  const saved = await store.save(entryAgentCodec, entryAgent(rows));
  console.log(`seeded EntryAgent with ${rows.toLocaleString('en-US')} Q entries: ${(saved.bytes / 1e6).toFixed(1)} MB in ${ms(start)}`);

  const tokensPath = join(root, 'tokens.json');
  const token = execFileSync(process.execPath, [server, 'rotate-token', 'viewer', '--role', 'viewer', '--tokens', tokensPath], { encoding: 'utf8' }).trim().split('\n').at(-1).trim();
  child = spawn(process.execPath, [server, '--port', String(port), '--dir', join(root, 'state'), '--keyring', keyringPath, '--no-demo', '--tokens', tokensPath, '--config-dir', root, '--rate-limit', '1000000', '--log-level', 'warn'], { stdio: 'inherit' });
  for (let i = 0; i < 100; i++) {
    if (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }

  const browser = await chromium.launch({ executablePath: process.env.QSC_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript((value) => {
    sessionStorage.setItem('qsc.token', value);
    performance.setResourceTimingBufferSize(100_000);
  }, token);
  const table = page.getByRole('table', { name: 'Rows of qTable' });
  const body = table.getByRole('rowgroup').nth(1);

  start = performance.now();
  await page.goto(`http://127.0.0.1:${port}/components/EntryAgent/tables/qTable`);
  await table.getByRole('cell').first().waitFor();
  console.log(`first rows on screen (unsorted): ${ms(start)}`);

  start = performance.now();
  await page.goto(`http://127.0.0.1:${port}/components/EntryAgent/tables/qTable?sort=qValue&order=desc`);
  await table.getByRole('cell').first().waitFor();
  console.log(`first rows sorted by qValue: ${ms(start)}`);

  // Wheel through the first 20,000 rows and count long frames.
  start = performance.now();
  await body.hover();
  const frames = await page.evaluate(async () => {
    const durations = [];
    let last = performance.now();
    let running = true;
    const tick = (now) => { durations.push(now - last); last = now; if (running) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    const scroller = document.querySelector('.vtable-body');
    for (let i = 0; i < 200; i++) {
      scroller.scrollTop += 2800;
      await new Promise((r) => requestAnimationFrame(r));
    }
    running = false;
    durations.sort((a, b) => a - b);
    return { count: durations.length, p50: durations[Math.floor(durations.length / 2)], p95: durations[Math.floor(durations.length * 0.95)], max: durations.at(-1) };
  });
  console.log(`scrolled 200 steps of 100 rows in ${ms(start)}; frame ms p50 ${frames.p50.toFixed(1)}, p95 ${frames.p95.toFixed(1)}, max ${frames.max.toFixed(1)}`);
  start = performance.now();
  await page.waitForFunction(() => !document.querySelector('.vtable-body')?.textContent?.includes('loading row'), undefined, { timeout: 120_000 });
  console.log(`rows under the scroll position loaded ${ms(start)} after the scrolling stopped (row ~20,000)`);

  start = performance.now();
  const target = await page.evaluate(() => {
    const s = document.querySelector('.vtable-body');
    s.scrollTop = s.scrollHeight / 2;
    return Math.floor(s.scrollTop / 28) + 5;
  });
  // Loaded when the row at the new position shows values instead of its placeholder.
  await page.waitForFunction(
    (index) => {
      const row = document.querySelector(`.vtable-body [aria-rowindex="${index + 2}"]`);
      return row !== null && !row.textContent.includes('loading row');
    },
    target,
    { timeout: 600_000, polling: 50 },
  );
  console.log(`jump to the middle (row ~${(rows / 2).toLocaleString('en-US')}) until its rows are on screen: ${ms(start)}`);
  const requests = await page.evaluate(() => {
    const pages = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/rows?'));
    const durations = pages.map((entry) => entry.duration).sort((a, b) => a - b);
    const gaps = pages.slice(1).map((entry, i) => entry.startTime - pages[i].responseEnd).sort((a, b) => a - b);
    return { count: pages.length, p50: durations[Math.floor(durations.length / 2)] ?? 0, gap: gaps[Math.floor(gaps.length / 2)] ?? 0 };
  });
  console.log(`row pages fetched: ${requests.count}; request p50 ${requests.p50.toFixed(1)} ms; p50 gap between a response and the next request ${requests.gap.toFixed(1)} ms`);
  await browser.close();
} finally {
  child?.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  rmSync(root, { recursive: true, force: true });
}
