// Shared set-up for the browser tests: a real rapport server on a fresh
// SQLite database filled by `rapport demo`, and Debian's Chromium.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const BIN = process.env.RAPPORT_BIN ?? join(here, '../../target/debug/rapport');
export const ARTIFACTS = join(here, 'artifacts');
export const PASSWORD = 'northwind-demo';
mkdirSync(ARTIFACTS, { recursive: true });

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

/** Starts rapport with a small demo organization; returns its URL and
 * accounts. `configToml`: a configuration file's text, for tests that need one. */
export async function startServer({ configToml } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-browser-'));
  const db = `sqlite://${join(dir, 'rapport.db')}`;
  const demo = spawnSync(BIN, ['demo', '--no-serve', '--people', '40', '--seed', '7', '--database-url', db], { encoding: 'utf8' });
  if (demo.status !== 0) throw new Error(`rapport demo failed: ${demo.stderr}`);
  const pick = (label) => (demo.stderr.match(new RegExp(`as an? ${label}:\\s+(\\S+)`)) || [])[1];
  const accounts = { admin: pick('admin'), lead: pick('lead'), member: pick('member') };
  const port = await freePort();
  const env = { ...process.env };
  if (configToml) {
    env.RAPPORT_CONFIG = join(dir, 'rapport.toml');
    writeFileSync(env.RAPPORT_CONFIG, configToml);
  }
  const server = spawn(BIN, ['serve', '--bind', `127.0.0.1:${port}`, '--database-url', db], { stdio: ['ignore', 'ignore', 'pipe'], env });
  let log = '';
  server.stderr.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`${url}/healthz`)).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, db, accounts, stop: () => server.kill('SIGTERM'), log: () => log };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

export async function signIn(page, url, email) {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${url}/`);
}

export async function shot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
