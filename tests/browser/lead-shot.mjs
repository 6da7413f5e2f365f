import { chromium } from 'playwright-core';
const base = 'http://127.0.0.1:8099';
const [who, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
for (const width of [1280, 390]) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(base + '/sign-in');
  await page.fill('input[name=email]', who + '@northwind.example');
  await page.fill('input[name=password]', 'northwind-demo');
  await page.click('button[type=submit]');
  for (const p of paths) {
    await page.goto(base + p);
    const name = p.replace(/[^a-z0-9]+/gi, '_');
    await page.screenshot({ path: `/tmp/lead-shot-${who}${name}-${width}.png`, fullPage: true });
  }
  await page.close();
}
await browser.close();
