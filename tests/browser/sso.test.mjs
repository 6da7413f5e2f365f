// Single sign-on in Chromium, against the real OpenID provider of
// tests/oidc: a person types their email, signs in at the provider and
// lands on rapport's home page. Skipped when `npm ci` has not been run in
// tests/oidc.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launch, signIn, shot } from './harness.mjs';

const oidc = join(dirname(fileURLToPath(import.meta.url)), '../oidc');
const installed = existsSync(join(oidc, 'node_modules/oidc-provider'));
let server;
let browser;
let provider;
let issuer;

function startProvider(redirect) {
  const config = { clients: [{ client_id: 'rapport', client_secret: 'browser-secret', redirect_uris: [redirect] }] };
  provider = spawn('node', ['provider.mjs', JSON.stringify(config)], { cwd: oidc, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    provider.stdout.on('data', (d) => {
      const m = String(d).match(/listening on (\d+)/);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
    provider.on('exit', () => reject(new Error('the provider stopped')));
  });
}

before(async () => {
  if (!installed) return;
  server = await startServer({ configToml: 'allow_private_targets = true\n' });
  issuer = await startProvider(`${server.url}/sso/callback`);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
  provider?.kill();
});

test('a person types their email, signs in at the provider and reaches the home page', { skip: !installed && 'npm ci in tests/oidc first' }, async () => {
  const admin = await browser.newContext();
  const page = await admin.newPage();
  await signIn(page, server.url, server.accounts.admin);
  const res = await page.request.put(`${server.url}/api/v1/admin/sso`, {
    data: { issuer, client_id: 'rapport', client_secret: 'browser-secret' },
  });
  assert.equal(res.status(), 200, await res.text());
  await page.goto(`${server.url}/admin/settings`);
  assert.ok(await page.getByRole('heading', { name: 'Single sign-on' }).isVisible());
  await shot(page, 'admin-sso-settings');
  await admin.close();

  const person = await browser.newContext();
  const p = await person.newPage();
  await p.goto(`${server.url}/sign-in`);
  await p.getByLabel('Email').fill(server.accounts.member);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.waitForURL(`${issuer}/interaction/**`);
  await p.locator('input[name="login"]').fill(server.accounts.member);
  await p.locator('input[name="password"]').fill('anything');
  await shot(p, 'sso-provider-login');
  await p.locator('button[type="submit"]').click();
  await p.waitForURL(`${issuer}/interaction/**`);
  await p.locator('button[type="submit"]').click();
  await p.waitForURL(`${server.url}/`);
  assert.match(await p.getByRole('heading', { level: 1 }).first().innerText(), /^Hello, /);
  await shot(p, 'sso-home');
  await person.close();
});
