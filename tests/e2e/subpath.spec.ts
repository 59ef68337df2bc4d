import { existsSync } from 'node:fs';
import { test, expect, Page } from './fixtures';

// Where the app is really hosted: below a path (GitHub Pages), built with
// PUBLIC_URL=/transcript-explorer/ and served from that path. The service
// worker's scope, the manifest's start_url and scope, and a share link made
// there all stay below it, offline too.

const build = `${__dirname}/../../target/e2e-subpath/transcript-explorer`;
const port = Number(process.env.E2E_PORT ?? 8091) + 1;
const home = `http://127.0.0.1:${port}/transcript-explorer/`;
const turns = (page: Page) => page.getByRole('list', { name: 'Turns' }).getByRole('listitem');

test.skip(!existsSync(build), 'no PUBLIC_URL build: ./x test makes it in target/e2e-subpath');

test('built for a path and served there, it works, offline too, and its links point there', async ({ page, context }) => {
  await page.goto(home);
  await expect(turns(page).first()).toBeVisible();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope)).toBe(home);
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector('link[rel=manifest]') as HTMLLinkElement;
    const m = await (await fetch(link.href)).json();
    return { start: new URL(m.start_url, link.href).href, scope: new URL(m.scope, link.href).href };
  });
  expect(manifest).toEqual({ start: home, scope: home });

  await context.setOffline(true);
  await page.reload();
  await expect(turns(page).first()).toBeVisible();
  await page.locator('details.add').evaluate((d) => ((d as HTMLDetailsElement).open = true));
  await page.getByLabel('Paste a transcript').fill('Ana: Below a path.\nBen: Still here.');
  await page.getByRole('button', { name: 'Explore' }).click();
  await expect(page.locator('.transcript-header h2')).toHaveText('Pasted transcript 1');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(link.startsWith(`${home}#`) || link.startsWith(`${home}index.html#`)).toBe(true);
  // The link opens there (from the cache: still offline).
  const other = await context.newPage();
  await other.goto(link);
  await expect(turns(other).locator('.text')).toHaveText(['Below a path.', 'Still here.']);
  await context.setOffline(false);
});
