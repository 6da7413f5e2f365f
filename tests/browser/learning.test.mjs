// Browser tests for learning: the public preview, enrolling, reading a
// lesson, a practice completed by doing it in the app, and downloading the
// guide.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launch, signIn, shot } from './harness.mjs';

const SLUG = 'building-great-relationships';
let server;
let browser;
let alice; // the demo admin, who has not enrolled yet
let boName;

before(async () => {
  server = await startServer();
  browser = await launch();
  alice = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await signIn(alice, server.url, server.accounts.admin);
  await alice.goto(`${server.url}/people?q=${encodeURIComponent(server.accounts.member)}`);
  boName = await alice.locator('tbody tr a').first().innerText();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('anyone can read the one-minute preview', async () => {
  const anon = await (await browser.newContext()).newPage();
  await anon.goto(`${server.url}/courses/${SLUG}/preview`);
  const text = await anon.locator('main').innerText();
  assert.match(text, /Building Great Relationships/);
  assert.match(text, /A one-minute preview/);
  assert.match(text, /Five parts, one a week/);
  await shot(anon, 'course-preview');
});

test('enroll, read a lesson, and complete a practice by doing it', async () => {
  await alice.goto(`${server.url}/courses`);
  await alice.getByRole('link', { name: 'See the course' }).first().click();
  await alice.getByRole('button', { name: 'Enroll' }).first().click();
  await alice.waitForURL(`${server.url}/courses/${SLUG}/parts/1`);
  await alice.getByRole('button', { name: 'Mark as read' }).click();
  await alice.waitForURL(`${server.url}/courses/${SLUG}/parts/1`);
  assert.match(await alice.locator('#lesson').locator('..').innerText(), /read/);
  await shot(alice, 'course-part-1');

  await alice.goto(`${server.url}/courses/${SLUG}/parts/2`);
  assert.doesNotMatch(await alice.locator('#practice').locator('..').innerText(), /\bdone\b/);
  await alice.getByRole('link', { name: 'Do it in rapport' }).click();
  await alice.waitForURL(/\/delegations\/new/);
  const value = await alice.locator('#to option', { hasText: boName }).first().getAttribute('value');
  await alice.getByLabel('Who').selectOption(value);
  await alice.getByLabel(/^What/).fill('Pick a venue for the team lunch');
  await alice.getByLabel(/^Stakes/).selectOption('small');
  await alice.getByRole('button', { name: 'Ask' }).click();
  await alice.waitForURL(/\/delegations\/[0-9a-f-]{36}$/);

  await alice.goto(`${server.url}/courses/${SLUG}/parts/2`);
  assert.match(await alice.locator('#practice').locator('..').innerText(), /\bdone\b/, 'the delegation completed the practice');
  await alice.goto(`${server.url}/courses/${SLUG}`);
  await shot(alice, 'course-progress');
});

test('download the guide as a PDF', async () => {
  await alice.goto(`${server.url}/courses/${SLUG}`);
  const [download] = await Promise.all([
    alice.waitForEvent('download'),
    alice.getByRole('link', { name: 'Download the guide (PDF)' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /guide\.pdf$/);
  const bytes = readFileSync(await download.path());
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  assert.ok(bytes.toString('latin1').includes('Page 1 of'));
});
