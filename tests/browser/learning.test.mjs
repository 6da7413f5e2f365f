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

test('signed out, the preview plays its one-minute video with captions and a transcript', async () => {
  const anon = await (await browser.newContext()).newPage();
  await anon.goto(`${server.url}/courses/${SLUG}/preview`);
  const video = anon.locator('video');
  await video.evaluate((v) => { v.muted = true; return v.play(); });
  await anon.waitForFunction(() => document.querySelector('video').readyState >= 3);
  const duration = await video.evaluate((v) => v.duration);
  assert.ok(duration >= 50 && duration <= 75, `a one-minute preview: ${duration} s`);
  const cues = await anon.waitForFunction(() => {
    const t = document.querySelector('video').textTracks[0];
    return t && t.kind === 'captions' && t.mode === 'showing' && t.cues && t.cues.length > 0
      && [t.cues[0].startTime, t.cues[t.cues.length - 1].endTime, t.cues.length];
  });
  const [first, end, count] = await cues.jsonValue();
  assert.ok(first < 2, `captions start with the video: ${first}`);
  assert.ok(end > duration - 5, `captions cover the whole video: ${end} of ${duration}`);
  assert.ok(count > 5, `${count} cues`);
  const transcript = await anon.locator('.transcript').innerText();
  assert.match(transcript, /Transcript/);
  assert.ok(transcript.length > 400, 'the transcript is on the page');
  await video.evaluate((v) => v.pause());
  await shot(anon, 'course-preview-video');
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
  // The picker is a text field with the colleagues' names as suggestions.
  const value = await alice.locator(`#colleague-list option[value^="${boName}"]`).first().getAttribute('value');
  await alice.getByLabel('Who').fill(value);
  await alice.getByLabel(/^What/).fill('Pick a venue for the team lunch');
  await alice.getByLabel(/^Stakes/).selectOption('small');
  await alice.getByRole('button', { name: 'Ask' }).click();
  await alice.waitForURL(/\/delegations\/[0-9a-f-]{36}$/);

  await alice.goto(`${server.url}/courses/${SLUG}/parts/2`);
  assert.match(await alice.locator('#practice').locator('..').innerText(), /\bdone\b/, 'the delegation completed the practice');
  await alice.goto(`${server.url}/courses/${SLUG}`);
  await shot(alice, 'course-progress');
});

test("watching a part's video to the end marks its lesson read and records it", async () => {
  const bo = await (await browser.newContext()).newPage();
  await signIn(bo, server.url, server.accounts.member);
  await bo.goto(`${server.url}/courses/${SLUG}/parts/3`);
  const enroll = bo.getByRole('button', { name: 'Enroll' });
  if (await enroll.count()) {
    await enroll.first().click();
    await bo.goto(`${server.url}/courses/${SLUG}/parts/3`);
  }
  const before = await bo.evaluate(async (slug) => {
    const r = await fetch('/api/v1/me/learning');
    const c = (await r.json()).items.find((i) => i.course === slug);
    return c.parts.find((p) => p.number === 3).lesson_done;
  }, SLUG);
  assert.equal(before, false, 'part 3 is not read yet');
  const recorded = [];
  bo.on('response', (r) => { if (r.url().endsWith('/video-events')) recorded.push(r.status()); });
  const video = bo.locator('video');
  await video.evaluate((v) => { v.muted = true; v.playbackRate = 16; return v.play(); });
  await bo.waitForFunction(() => document.querySelector('video').ended, null, { timeout: 60000 });
  await bo.waitForFunction(() => document.querySelector('[data-lesson-status]')?.textContent === 'read');
  const after = await bo.evaluate(async (slug) => {
    const r = await fetch('/api/v1/me/learning');
    const c = (await r.json()).items.find((i) => i.course === slug);
    return c.parts.find((p) => p.number === 3).lesson_done;
  }, SLUG);
  assert.equal(after, true, 'watching the video marked the lesson read');
  assert.ok(recorded.length >= 3 && recorded.every((s) => s === 202), `video events recorded: ${recorded}`);
  await shot(bo, 'course-part-video-watched');
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
  assert.ok(bytes.length > 20000, `a typeset guide with its fonts: ${bytes.length} bytes`);
});
