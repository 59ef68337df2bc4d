import { test, expect, openFile, storedLibrary, Page } from './fixtures';

// Share links and exports, end to end: a link made in one browser opens in
// another with empty storage to the same turns, highlights and filters.

const script = [
  'Marta Ruiz: Thanks for joining us. Today we talk about the launch.',
  'Leo Park: Happy to be here. The launch went well, better than planned.',
  'Ana Okafor: I have questions about the budget for the launch.',
  'Marta Ruiz: Let us start with the budget, then.',
  'Leo Park: The budget is on track. Café prices aside.',
  'Ana Okafor: Good to hear. One more thing about hiring.',
].join('\n');

const turns = (page: Page) => page.getByRole('list', { name: 'Turns' }).getByRole('listitem');

async function paste(page: Page, text: string) {
  await page.getByLabel('Paste a transcript').fill(text);
  // The worker reads it: wait until it is in the library (and open).
  const items = page.locator('.library-item');
  const before = await items.count();
  await page.getByRole('button', { name: 'Explore' }).click();
  await expect(items).toHaveCount(before + 1);
}

async function shareLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const box = page.getByRole('textbox', { name: 'Share link' });
  await expect(box).toBeVisible();
  await expect(box).not.toBeEditable();
  return await box.inputValue();
}

test('a pasted, filtered and searched view opens the same in a fresh browser', async ({ page, browser }) => {
  await page.goto('/');
  await paste(page, script);
  await expect(turns(page)).toHaveCount(6);
  await page.getByRole('checkbox', { name: /^Marta Ruiz/ }).uncheck();
  await page.getByRole('checkbox', { name: /^Ana Okafor/ }).uncheck();
  await page.getByRole('searchbox', { name: 'Search' }).fill('launch');
  await expect(turns(page)).toHaveCount(1);
  const sentTexts = await turns(page).locator('.text').allTextContents();
  const sentMarks = await page.locator('mark').allTextContents();
  expect(sentMarks).toEqual(['launch']);

  const link = await shareLink(page);
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#v1&sp=Leo%20Park&q=launch&d=2[A-Za-z0-9_-]+$/);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  other.on('pageerror', (error) => {
    throw error;
  });
  await other.goto(link);
  await expect(other.getByRole('region', { name: 'Shared transcript' })).toContainText('not in your library');
  await expect(turns(other)).toHaveCount(1);
  expect(await turns(other).locator('.text').allTextContents()).toEqual(sentTexts);
  expect(await other.locator('mark').allTextContents()).toEqual(sentMarks);
  await expect(other.getByRole('searchbox', { name: 'Search' })).toHaveValue('launch');
  await expect(other.getByRole('checkbox', { name: /^Leo Park/ })).toBeChecked();
  await expect(other.getByRole('checkbox', { name: /^Marta Ruiz/ })).not.toBeChecked();
  // Not kept: storage holds nothing but what the app writes for itself.
  expect(await storedLibrary(other)).toEqual([]);

  // Keeping it puts it in the library, where a reload without the link finds it.
  await other.getByRole('button', { name: 'Keep in library' }).click();
  await expect(other.getByRole('region', { name: 'Shared transcript' })).toHaveCount(0);
  await other.goto('/');
  const item = other.getByRole('navigation', { name: 'Library' }).locator('.library-item').nth(4);
  await expect(item).toHaveText('Shared transcript');
  await item.click();
  await expect(turns(other)).toHaveCount(6);
  await fresh.close();
});

test('renames and merges travel with the link; "Close" leaves the library as it was', async ({ page, browser }) => {
  await page.goto('/');
  await paste(page, script);
  await page.getByText('Rename or merge speakers').click();
  await page.getByRole('button', { name: 'Rename Leo Park' }).click();
  await page.getByRole('textbox', { name: 'New name for Leo Park' }).fill('Leonard Park');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(turns(page).nth(1).locator('.speaker')).toHaveText('Leonard Park');
  const link = await shareLink(page);
  expect(link).toContain('&rn=1.Leonard%20Park');

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(turns(other).nth(1).locator('.speaker')).toHaveText('Leonard Park');
  await other.getByRole('button', { name: /^Close/ }).click();
  await expect(other.locator('.transcript-header h2')).toHaveText('devday-2024-altman-interview.txt');
  await expect(other.getByRole('navigation', { name: 'Library' }).locator('.library-item')).toHaveCount(5);
  await fresh.close();
});

test('"Copy link to this turn" opens on that turn, scrolled to and highlighted', async ({ page, browser, baseURL }) => {
  const context = page.context();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await page.goto('/#v1&t=ascent-2025');
  const row = turns(page).nth(5);
  const text = await row.locator('.text').textContent();
  await row.getByRole('button', { name: /^Copy link to this turn/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'link to this turn is copied' })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/#v1&t=ascent-2025&turn=5$/);

  // A bundled transcript travels by id: the link is short.
  expect(link.length).toBeLessThan(80);
  const fresh = await browser.newContext({ viewport: { width: 900, height: 500 } });
  const other = await fresh.newPage();
  await other.goto(link);
  const selected = other.locator('.turn.selected');
  await expect(selected).toHaveCount(1);
  await expect(selected.locator('.text')).toHaveText(text ?? '');
  await expect(selected).toBeInViewport();
  await fresh.close();
});

test('a cut-short, damaged or future link says so and shows the normal app', async ({ page }) => {
  await page.goto('/');
  await paste(page, script);
  const link = await shareLink(page);
  for (const bad of [link.slice(0, link.length - 7), link.replace(/d=2(.{10})/, 'd=2AAAAAAAAAA'), link.replace('#v1', '#v2'), link.replace('d=2', 'd=7')]) {
    await page.goto('about:blank');
    await page.goto(bad);
    await expect(page.getByRole('alert')).toContainText('This link could not be opened');
    await expect(turns(page).first()).toBeVisible();
  }
  await expect(page.getByRole('alert')).toContainText('newer version');
});

function randomWords(n: number, seed: number): string {
  let x = seed;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x;
  };
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    let w = '';
    const len = 3 + (next() % 7);
    for (let j = 0; j < len; j++) w += String.fromCharCode(97 + (next() >> 8) % 26);
    words.push(w);
  }
  return words.join(' ');
}

test('long links are warned about, and too long ones offer a file instead', async ({ page }) => {
  await page.goto('/');
  const lines: string[] = [];
  for (let i = 0; i < 40; i++) lines.push(`${i % 2 ? 'Ana' : 'Ben'}: ${randomWords(60, i + 1)}`);
  await paste(page, lines.join('\n'));
  await shareLink(page);
  await expect(page.locator('.share-panel .warning')).toContainText('Some chat apps cut links longer than 8,000');

  // About 3 MB of words that do not compress: more than a browser opens.
  const big: string[] = [];
  for (let i = 0; i < 3000; i++) big.push(`${i % 2 ? 'Ana' : 'Ben'}: ${randomWords(150, i + 7)}`);
  await openFile(page, 'big.txt', big.join('\n'));
  await expect(page.locator('.transcript-header h2')).toHaveText('big.txt');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(page.locator('.share-panel .warning')).toContainText('too long for a link');
  await expect(page.getByRole('textbox', { name: 'Share link' })).toHaveCount(0);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download' }).click();
  expect((await download).suggestedFilename()).toBe('big.md');
});

test('the filtered view exports as WebVTT that opens again to the same turns', async ({ page }) => {
  await page.goto('/');
  const vtt = ['WEBVTT', ''];
  const names = ['Marta Ruiz', 'Leo Park', 'Ana Okafor'];
  for (let i = 0; i < 12; i++) {
    const s = i * 5;
    const clock = (t: number) => `00:${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}.250`;
    vtt.push(`${clock(s)} --> ${clock(s + 4)}`, `<v ${names[i % 3]}>Cue ${i} about ${i % 2 ? 'budgets' : 'launches'} & more.`, '');
  }
  await openFile(page, 'call.vtt', vtt.join('\n'));
  await expect(turns(page)).toHaveCount(12);
  await page.getByRole('checkbox', { name: /^Ana Okafor/ }).uncheck();
  await expect(turns(page)).toHaveCount(8);
  const shown = await turns(page).locator('.text').allTextContents();

  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await page.getByLabel('Export this view as').selectOption({ label: 'WebVTT' });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('call.vtt');
  const exported = require('fs').readFileSync(await file.path(), 'utf8');
  expect(exported).toMatch(/^WEBVTT/);
  expect(exported).toContain('<v Leo Park>Cue 1 about budgets &amp; more.');

  await openFile(page, 'again.vtt', exported);
  await expect(page.locator('.transcript-header h2')).toHaveText('again.vtt');
  await expect(turns(page)).toHaveCount(8);
  expect(await turns(page).locator('.text').allTextContents()).toEqual(shown);
  await expect(turns(page).nth(1).locator('.start')).toHaveText('0:05');
});

test('no axe-core violations with the share panel open and a shared transcript pending', async ({ page, browser }) => {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  await page.goto('/');
  await paste(page, script);
  const link = await shareLink(page);
  const scan = async (p: Page, state: string) => {
    const results = await new AxeBuilder({ page: p }).analyze();
    expect(results.violations.map((v) => `${state}: ${v.id} ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
  };
  await scan(page, 'share panel');
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByRole('region', { name: 'Shared transcript' })).toBeVisible();
  await scan(other, 'pending shared transcript');
  await fresh.close();
});
