// Browser tests for the foundation: sign-in, the directory, editing a
// profile, and an admin's CSV import. Screenshots go to artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launch, signIn, shot, PASSWORD } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('a wrong password shows an error; the right one opens the home page', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/people`);
  assert.match(page.url(), /\/sign-in\?next=%2Fpeople/);
  await page.getByLabel('Email').fill(server.accounts.member);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await assert.doesNotReject(page.getByRole('alert').waitFor());
  assert.match(await page.getByRole('alert').innerText(), /email or password is not right/);
  await shot(page, 'sign-in-error');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${server.url}/people`);
  await page.goto(`${server.url}/`);
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /^Hello, /);
  await shot(page, 'home');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/sign-in/);
  await page.close();
});

test('the directory searches, filters by team and opens a profile', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, server.accounts.member);
  await page.getByRole('link', { name: 'People' }).click();
  const rows = page.locator('tbody tr');
  const everyone = await rows.count();
  assert.ok(everyone >= 40, `everyone is listed (${everyone})`);
  await shot(page, 'directory');
  const firstTeam = await page.locator('#team option').nth(1).innerText();
  await page.getByLabel('Team').selectOption({ label: firstTeam });
  await page.getByRole('button', { name: 'Find' }).click();
  const inTeam = await rows.count();
  assert.ok(inTeam > 0 && inTeam < everyone, `the team filter narrows the list (${inTeam})`);
  for (const cell of await page.locator('tbody tr td:nth-child(3)').allInnerTexts()) assert.equal(cell, firstTeam);
  const name = await rows.first().locator('a').innerText();
  await page.getByLabel('Search').fill(name.split(' ')[1] ?? name);
  await page.getByRole('button', { name: 'Find' }).click();
  await page.getByRole('link', { name }).first().click();
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), name);
  assert.ok(await page.getByRole('heading', { name: /Get to know/ }).isVisible());
  await shot(page, 'profile');
  await page.getByLabel('Search').count();
  await page.goto(`${server.url}/people?q=zzzz-nobody`);
  assert.match(await page.locator('main').innerText(), /Nobody matches these filters/);
  await page.close();
});

test('a person edits their profile and skills, and a mistake keeps what they typed', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, server.accounts.member);
  await page.goto(`${server.url}/me/edit`);
  await page.getByLabel(/Get to know me/).fill('I keep bees and bake sourdough.');
  await page.getByLabel(/I can help with/).fill('SQL, Beekeeping');
  await page.getByLabel(/I want to grow in/).fill('Public speaking');
  await page.getByLabel(/Time zone/).fill('Mars/Olympus');
  await page.getByRole('button', { name: 'Save' }).click();
  // The problem is beside its field, in words, and the field says so.
  assert.match(await page.getByRole('alert').innerText(), /One thing to fix/);
  assert.match(await page.locator('#time_zone-error').innerText(), /`Mars\/Olympus` is not an IANA time zone/);
  assert.equal(await page.getByLabel(/Time zone/).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel(/Time zone/).inputValue(), 'Mars/Olympus');
  assert.equal(await page.getByLabel(/Get to know me/).inputValue(), 'I keep bees and bake sourdough.');
  await shot(page, 'edit-profile-error');
  await page.getByLabel(/Time zone/).fill('Europe/Berlin');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/\/people\/[0-9a-f-]{36}$/);
  const main = await page.locator('main').innerText();
  assert.match(main, /I keep bees and bake sourdough\./);
  assert.match(main, /Beekeeping/);
  assert.match(main, /Public speaking/);
  assert.match(main, /Europe\/Berlin/);
  await shot(page, 'my-profile');
  await page.close();
});

test('an admin previews a CSV import, sees problems listed by line, then imports', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-csv-'));
  const bad = join(dir, 'bad.csv');
  const good = join(dir, 'good.csv');
  writeFileSync(bad, 'name,email,title,team,manager_email,role\nZed,not-an-email,,,,\nYve,yve@northwind.example,,,nobody@northwind.example,\n');
  writeFileSync(good, 'name,email,title,team,manager_email,role\nZora Quill,zora.quill@northwind.example,Data Analyst,Insights,,\nYuki Tan,yuki.tan@northwind.example,Analyst,Insights,zora.quill@northwind.example,\n');
  const page = await browser.newPage();
  await signIn(page, server.url, server.accounts.admin);
  await page.getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('link', { name: 'Import from CSV' }).click();
  await page.getByLabel('CSV file').setInputFiles(bad);
  await page.getByRole('button', { name: 'Preview' }).click();
  const alert = await page.getByRole('alert').innerText();
  assert.match(alert, /2 problem\(s\); nothing was imported/);
  assert.match(alert, /line 2: email: must look like name@example.com/);
  assert.match(alert, /line 3: manager nobody@northwind.example is neither in the file nor in the organization/);
  await shot(page, 'import-problems');
  await page.getByLabel('CSV file').setInputFiles(good);
  await page.getByRole('button', { name: 'Preview' }).click();
  assert.match(await page.locator('main').innerText(), /2 to create, 0 to update/);
  await shot(page, 'import-preview');
  await page.getByRole('button', { name: 'Import 2 people' }).click();
  assert.match(await page.getByRole('status').innerText(), /Imported: 2 created, 0 updated/);
  await page.goto(`${server.url}/people?q=zora`);
  assert.equal(await page.locator('tbody tr').count(), 1);
  await page.goto(`${server.url}/admin/people`);
  assert.match(await page.locator('main').innerText(), /Zora Quill/);
  await shot(page, 'admin-people');
  await page.close();
});

test('a member cannot open admin pages', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, server.accounts.member);
  const res = await page.goto(`${server.url}/admin/import`);
  assert.equal(res.status(), 403);
  assert.equal(await page.getByRole('link', { name: 'Admin' }).count(), 0);
  await page.close();
});
