import AxeBuilder from '@axe-core/playwright';
import { test, expect, openFile, storedLibrary } from './fixtures';

test('opens on the four bundled transcripts with the first shown as turns', async ({ page }) => {
  await page.goto('/');
  const library = page.getByRole('navigation', { name: 'Library' }).locator('.library-item');
  await expect(library).toHaveText([
    'devday-2024-altman-interview.txt',
    'Sam Altman interview',
    /^Sam Altman denies OpenAI/,
    'Sam Altman promises stronger partnership with Microsoft',
    'All transcripts',
  ]);
  await expect(library.first()).toHaveAttribute('aria-current', 'true');

  const turns = page.getByRole('list', { name: 'Turns' }).getByRole('listitem');
  await expect(turns.first().locator('.speaker')).toHaveText('Unknown');
  await expect(turns.nth(1).locator('.speaker')).toHaveText('Sam Altman');
  await expect(turns.first()).toContainText('Welcome to OpenAI Dev Day');
  // 44 turns in all, of which only a window is rendered.
  await expect(turns.first()).toHaveAttribute('aria-setsize', '44');
});

test('a pasted three-line transcript shows three turns with their speakers', async ({ page }) => {
  await page.goto('/');
  await page
    .getByLabel('Paste a transcript')
    .fill('Marta Ruiz: Thanks for joining us today.\nLeo Park: Happy to be here.\nMarta Ruiz: Let us start with the launch.');
  await page.getByRole('button', { name: 'Explore' }).click();

  const turns = page.getByRole('list', { name: 'Turns' }).getByRole('listitem');
  await expect(turns).toHaveCount(3);
  await expect(turns.locator('.speaker')).toHaveText(['Marta Ruiz', 'Leo Park', 'Marta Ruiz']);
  await expect(turns.nth(1)).toContainText('Happy to be here.');
  await expect(page.getByRole('navigation', { name: 'Library' }).locator('.library-item')).toHaveCount(6);
});

test('counts read in the singular for one: "1 turn", "1 word"', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Paste a transcript').fill('Hello.');
  await page.getByRole('button', { name: 'Explore' }).click();
  await expect(page.locator('.transcript-header .facts')).toHaveText('Plain text · 1 turn · 1 word');
});

test('an empty paste says so and keeps the open transcript', async ({ page }) => {
  await page.goto('/');
  const heading = page.locator('.transcript-header h2');
  const before = await heading.textContent();
  await page.getByRole('button', { name: 'Explore' }).click();
  await expect(page.getByRole('alert')).toContainText('empty');
  await expect(heading).toHaveText(before ?? '');
});

const vtt = [
  'WEBVTT',
  '',
  '00:00:01.000 --> 00:00:04.000',
  '<v Marta Ruiz>Welcome back to the show.',
  '',
  '00:00:04.500 --> 00:00:07.000',
  '<v Leo Park>Glad to be here &amp; ready.',
  '',
].join('\n');

test('a file picked with "Open a file" is parsed and opened with its times', async ({ page }) => {
  await page.goto('/');
  await openFile(page, 'episode-12.vtt', vtt);
  await expect(page.locator('.transcript-header h2')).toHaveText('episode-12.vtt');
  await expect(page.locator('.transcript-header .facts')).toContainText('WebVTT');
  const turns = page.getByRole('list', { name: 'Turns' }).getByRole('listitem');
  await expect(turns.locator('.speaker')).toHaveText(['Marta Ruiz', 'Leo Park']);
  await expect(turns.locator('.start')).toHaveText(['0:01', '0:04']);
  await expect(turns.nth(1).locator('.text')).toHaveText('Glad to be here & ready.');
});

test('a file dropped anywhere on the page opens, and a binary one gets a message', async ({ page }) => {
  await page.goto('/');
  const drop = async (name: string, bytes: number[]) => {
    const dataTransfer = await page.evaluateHandle(
      ([name, bytes]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(bytes as number[])], name as string));
        return dt;
      },
      [name, bytes],
    );
    await page.dispatchEvent('.app', 'dragover', { dataTransfer });
    await page.dispatchEvent('.app', 'drop', { dataTransfer });
  };
  await drop('notes.txt', [...Buffer.from('Ana: First point.\nBen: Second point.\n')]);
  await expect(page.locator('.transcript-header h2')).toHaveText('notes.txt');
  await expect(page.getByRole('list', { name: 'Turns' }).locator('.speaker')).toHaveText(['Ana', 'Ben']);

  await drop('photo.png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
  await expect(page.getByRole('alert')).toContainText('photo.png: This looks like a binary file');
  await expect(page.locator('.transcript-header h2')).toHaveText('notes.txt');

  // A zip archive cut short (a local file header, no directory): read as a
  // Word document would be, and refused with what is wrong.
  const zip = [0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...Buffer.from('notes.txt'), 0, 0, 0xff, 0xfe];
  await drop('notes.zip', zip);
  await expect(page.getByRole('alert')).toContainText('notes.zip: The file is cut short or damaged: its zip directory is missing.');
  await expect(page.locator('.transcript-header h2')).toHaveText('notes.txt');
});

test('a transcript added just before the page is left is still kept', async ({ page }) => {
  // A new entry is stored after the browser paints it; with animation
  // frames held back, only leaving the page (pagehide) can store it.
  await page.addInitScript(() => {
    window.requestAnimationFrame = () => 0;
  });
  await page.goto('/');
  await page.getByLabel('Paste a transcript').fill('Ana: Added in a hurry.\nBen: Then reloaded.');
  await page.getByRole('button', { name: 'Explore' }).click();
  await expect(page.locator('.transcript-header h2')).toHaveText('Pasted transcript 1');
  expect(await storedLibrary(page)).toEqual([]);
  await page.reload();
  const library = page.getByRole('navigation', { name: 'Library' });
  await library.getByRole('button', { name: 'Pasted transcript 1', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Turns' }).locator('.text')).toHaveText(['Added in a hurry.', 'Then reloaded.']);
});

test('the library keeps added transcripts across a reload, and they can be renamed and removed', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Paste a transcript').fill('Ana: Kept after reload.\nBen: Indeed.');
  await page.getByRole('button', { name: 'Explore' }).click();
  await expect(page.locator('.transcript-header h2')).toHaveText('Pasted transcript 1');

  await page.reload();
  const library = page.getByRole('navigation', { name: 'Library' });
  await expect(library.locator('.library-item')).toHaveCount(6);
  await library.getByRole('button', { name: 'Pasted transcript 1', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Turns' }).locator('.speaker')).toHaveText(['Ana', 'Ben']);

  await library.getByRole('button', { name: 'Rename Pasted transcript 1' }).click();
  await page.getByLabel('New name for Pasted transcript 1').fill('Team sync');
  await library.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.transcript-header h2')).toHaveText('Team sync');
  await page.reload();
  await expect(library.getByRole('button', { name: 'Team sync', exact: true })).toBeVisible();

  await library.getByRole('button', { name: 'Remove Team sync' }).click();
  await library.getByRole('button', { name: 'Yes, remove' }).click();
  await expect(library.locator('.library-item')).toHaveCount(5);
  await page.reload();
  await expect(library.locator('.library-item')).toHaveCount(5);
});

test('"All transcripts" lists turns of every transcript with its name', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'All transcripts' }).click();
  await expect(page.locator('.transcript-header h2')).toHaveText('All transcripts');
  const first = page.getByRole('list', { name: 'Turns' }).getByRole('listitem').first();
  await expect(first.locator('.source')).toHaveText('devday-2024-altman-interview.txt');
  const size = await first.getAttribute('aria-setsize');
  expect(Number(size)).toBeGreaterThan(150);
});

test('a 100,000-turn transcript renders only a window of rows, scrolls to the end and searches', async ({ page }) => {
  await page.goto('/');
  const lines = Array.from({ length: 100000 }, (_, i) => `${i % 2 ? 'Ben' : 'Ana'}: Line number ${i} of the long transcript.`);
  await openFile(page, 'long.txt', lines.join('\n'));
  const turns = page.getByRole('list', { name: 'Turns' }).getByRole('listitem');
  await expect(turns.first()).toHaveAttribute('aria-setsize', '100000');
  const elements = await page.evaluate(() => document.querySelectorAll('*').length);
  expect(elements).toBeLessThan(1400);
  expect(await turns.count()).toBeLessThanOrEqual(100);

  await page.locator('.turns-viewport').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await expect(page.getByText('Line number 99999 of the long transcript.')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search' }).fill('number 4242 of');
  await expect(page.locator('.match-count')).toHaveText('1 match');
  await expect(turns.locator('mark')).toHaveText(['number 4242 of']);
  expect(await page.evaluate(() => document.querySelectorAll('*').length)).toBeLessThan(1400);
});

test('the rendered rows always cover the screen while scrolling step by step and jumping', async ({ page }) => {
  await page.goto('/');
  // Turns of very different lengths, so the list's height estimates are
  // wrong until rows are measured.
  const lines = Array.from({ length: 3000 }, (_, i) => `${i % 2 ? 'Ben' : 'Ana'}: Turn ${i}. ${'Some words of varied length. '.slice(0, 1 + ((i * 37) % 29)).repeat(1 + ((i * 13) % 30))}`);
  await openFile(page, 'uneven.txt', lines.join('\n'));
  const turns = page.getByRole('list', { name: 'Turns' }).getByRole('listitem');
  await expect(turns.first()).toHaveAttribute('aria-setsize', '3000');
  // After each scroll and a frame: the drawn rows reach from above the
  // top of the screen to below its bottom, in order and without gaps.
  const gaps = await page.locator('.turns-viewport').evaluate(async (vp) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const problems = [];
    const check = (label) => {
      const top = vp.getBoundingClientRect().top;
      const items = [...vp.querySelectorAll('li[data-row]')];
      const rows = items.map((li) => Number(li.dataset.row));
      const first = items[0].getBoundingClientRect();
      const last = items[items.length - 1].getBoundingClientRect();
      const atEnd = rows[rows.length - 1] === 2999;
      if (rows.some((r, i) => i > 0 && r !== rows[i - 1] + 1)) problems.push(`${label}: rows not consecutive`);
      if (rows[0] > 0 && first.top > top) problems.push(`${label}: blank above row ${rows[0]}`);
      if (!atEnd && last.bottom < top + vp.clientHeight) problems.push(`${label}: blank below row ${rows[rows.length - 1]}`);
      if (items.length > 100) problems.push(`${label}: ${items.length} rows drawn`);
    };
    for (let i = 0; i < 150; i++) {
      vp.scrollTop += 37;
      await frame();
      check(`step ${i}`);
    }
    for (const at of [0.9, 0.1, 0.5, 1, 0]) {
      vp.scrollTop = at * (vp.scrollHeight - vp.clientHeight);
      await frame();
      check(`jump to ${at}`);
    }
    for (let i = 0; i < 60; i++) {
      vp.scrollTop -= 53;
      await frame();
      check(`step up ${i}`);
    }
    return problems;
  });
  expect(gaps).toEqual([]);
  // Dragged to the very end, the list stays at its end while the rows
  // drawn there are measured (they are taller or shorter than estimated).
  await page.locator('.turns-viewport').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await expect(page.getByRole('button', { name: 'Copy link to this turn (3000)' })).toBeInViewport();
});

test('no axe-core accessibility violations when reading, in All transcripts, and with an error', async ({ page }) => {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const scan = async (state: string) => {
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.passes.length, 'axe ran its rules').toBeGreaterThan(10);
    expect(results.violations.map((v) => `${state}: ${v.id} ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
  };
  await page.goto('/');
  await expect(page.getByRole('list', { name: 'Turns' }).getByRole('listitem').first()).toBeVisible();
  await scan('reading');
  await page.getByRole('button', { name: 'All transcripts' }).click();
  await scan('all transcripts');
  await page.getByRole('button', { name: 'Explore' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await scan('error');
  await page.goto('/#v1&t=dealbook-2024&sp=Sam%20Altman&q=compute&ctx=1');
  await page.reload();
  await expect(page.locator('mark').first()).toBeVisible();
  await scan('filtered and searching');
  await page.getByText('Rename or merge speakers').click();
  await page.getByRole('button', { name: 'Rename Sam Altman' }).click();
  await scan('renaming a speaker');
  await page.getByRole('navigation', { name: 'Library' }).locator('.library-item').first().click();
  await page.getByLabel('Paste a transcript').fill('Ana: One.\nBen: Two.');
  await page.getByRole('button', { name: 'Explore' }).click();
  await page.getByRole('button', { name: 'Remove Pasted transcript 1' }).click();
  await scan('confirming a removal');
});

test('usable at 360 px wide: no sideways scrolling, every control reachable', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/');
  await expect(page.getByRole('list', { name: 'Turns' }).getByRole('listitem').first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.getByRole('searchbox', { name: 'Search' }).fill('agents');
  await expect(page.locator('mark').first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});

test('search is case- and accent-insensitive, counts, highlights and steps through matches', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Paste a transcript').fill(
    'Ana: The café opens at nine. Our CAFE is small.\nBen: I like the Café.\nAna: Nothing here.',
  );
  await page.getByRole('button', { name: 'Explore' }).click();
  // Opening a transcript starts a fresh view: search once it is open.
  await expect(page.locator('.transcript-header h2')).toHaveText('Pasted transcript 1');
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search' })).toBeFocused();
  await page.keyboard.type('cafe');
  const status = page.locator('.match-count');
  await expect(status).toHaveText('3 matches');
  const turns = page.getByRole('list', { name: 'Turns' }).getByRole('listitem');
  await expect(turns).toHaveCount(2);
  await expect(turns.locator('mark')).toHaveText(['café', 'CAFE', 'Café']);
  await page.keyboard.press('Enter');
  await expect(status).toHaveText('1 of 3 matches');
  await expect(turns.locator('mark.current')).toHaveText('café');
  await page.keyboard.press('Shift+Enter');
  await expect(turns.locator('mark.current')).toHaveText('Café');
  await page.getByRole('button', { name: 'Next match' }).click();
  await expect(status).toHaveText('1 of 3 matches');
  // The view is in the URL, so a reload keeps it.
  expect(page.url()).toContain('q=cafe');
  await page.reload();
  await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('cafe');
  await expect(turns).toHaveCount(2);
  await page.getByRole('searchbox', { name: 'Search' }).press('Escape');
  await expect(turns).toHaveCount(3);
});

test('speaker checkboxes filter turns and combine with search; context shows neighbours', async ({ page }) => {
  await page.goto('/');
  const speakers = page.getByRole('group', { name: 'Speakers' });
  await expect(speakers.getByRole('checkbox')).toHaveCount(2);
  await speakers.getByLabel(/^Unknown \(\d+ words\)$/).uncheck();
  const turns = page.getByRole('list', { name: 'Turns' }).getByRole('listitem');
  await expect(turns.first().locator('.speaker')).toHaveText('Sam Altman');
  await expect(turns.first()).toHaveAttribute('aria-setsize', '22');
  await page.getByRole('searchbox', { name: 'Search' }).fill('open source');
  await expect(turns.first()).toHaveAttribute('aria-setsize', '1');
  await expect(turns.locator('.speaker')).toHaveText(['Sam Altman']);
  await page.getByLabel('Show a turn of context').check();
  await expect(turns.locator('.speaker')).toHaveText(['Unknown', 'Sam Altman', 'Unknown']);
  // Back undoes the speaker filter step by step; the search stays.
  await page.getByLabel('Show a turn of context').uncheck();
  await speakers.getByLabel(/^Unknown/).check();
  await page.goBack();
  await expect(speakers.getByLabel(/^Unknown/)).not.toBeChecked();
});

test('speakers can be renamed and merged, and the change is kept after a reload', async ({ page }) => {
  await page.goto('/');
  await page.getByText('Rename or merge speakers').click();
  await page.getByRole('button', { name: 'Rename Unknown' }).click();
  await page.getByLabel('New name for Unknown').fill('Harry Stebbings');
  await page.getByRole('button', { name: 'Save' }).click();
  const turns = page.getByRole('list', { name: 'Turns' }).getByRole('listitem');
  await expect(turns.first().locator('.speaker')).toHaveText('Harry Stebbings');
  // The edited transcript's topics are worked out again (in the worker):
  // the chips come back and filter.
  const topics = page.getByRole('group', { name: 'Topics', exact: true });
  await expect(topics.getByRole('button').first()).toBeVisible();
  await expect(turns.locator('.turn-tags').first()).toBeVisible();
  await page.reload();
  await expect(turns.first().locator('.speaker')).toHaveText('Harry Stebbings');
  await expect(topics.getByRole('button').first()).toBeVisible();

  await page.getByText('Rename or merge speakers').click();
  // Each merge menu starts on "Choose a speaker": Merge alone merges nothing.
  const menu = page.getByLabel('Merge Harry Stebbings into');
  const mergeButton = page.locator('form.merge').filter({ has: menu }).getByRole('button', { name: 'Merge' });
  await expect(menu).toHaveValue('');
  await expect(menu.locator('option:checked')).toHaveText('Choose a speaker');
  await mergeButton.click();
  await expect(menu).toBeFocused();
  await expect(turns.first().locator('.speaker')).toHaveText('Harry Stebbings');
  await menu.selectOption({ label: 'Sam Altman' });
  await mergeButton.click();
  await expect(turns.locator('.speaker')).toHaveText(['Sam Altman']);
  await page.getByRole('button', { name: 'Undo merging Unknown' }).click();
  await expect(turns.first().locator('.speaker')).toHaveText('Harry Stebbings');
});

test('a link with a view opens it; a broken link says so and shows the library', async ({ page }) => {
  await page.goto('/#v1&t=dealbook-2024&sp=Sam%20Altman&q=compute');
  await expect(page.locator('.transcript-header h2')).toHaveText(/^Sam Altman denies/);
  const turns = page.getByRole('list', { name: 'Turns' }).getByRole('listitem');
  await expect(turns.locator('.speaker').first()).toHaveText('Sam Altman');
  await expect(turns.locator('mark').first()).toHaveText('compute');

  await page.goto('/#v9&t=x');
  await expect(page.getByRole('alert')).toContainText('This link could not be opened');
  await expect(turns.first()).toBeVisible();

  // An address naming a transcript the library does not hold (one removed,
  // or not kept when storage was full) opens the first one and says so
  // quietly, in the notice line: no red error.
  await page.goto('about:blank');
  await page.goto('/#v1&t=u404');
  await expect(page.locator('p.notice')).toHaveText(/not in this library; showing the first one/);
  await expect(page.locator('.transcript-header h2')).toHaveText('devday-2024-altman-interview.txt');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('the article pasted twice shows its second copy collapsed, and the toggle shows it again', async ({ page }) => {
  await page.goto('/#v1&t=dealbook-2024');
  const status = page.locator('.repeats');
  await expect(status).toContainText(/^\d+ repeated passages hidden/);
  const turns = page.getByRole('list', { name: 'Turns' }).getByRole('listitem');
  await page.locator('.turns-viewport').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  const collapsed = page.locator('.collapsed').filter({ hasText: /repeated from turn \d+/ });
  await expect(collapsed.first()).toBeVisible();
  await page.getByLabel('Show repeated passages').check();
  await expect(status).toContainText('repeated passages shown');
  await expect(page.locator('.collapsed')).toHaveCount(0);
  await page.getByLabel('Show repeated passages').uncheck();
  const last = turns.last();
  await expect(last.locator('.collapsed')).toHaveCount(1);
  await last.getByRole('button', { name: /^Show the passage/ }).click();
  await expect(last.locator('.collapsed')).toHaveCount(0);
  await expect(page.locator('.collapsed').first()).toBeVisible();

  // The expansion belongs to that turn: a search that moves it to another
  // row keeps it expanded, and no other turn takes its place.
  const label = await last.getByRole('button', { name: /^Copy link to this turn/ }).getAttribute('aria-label');
  const words = (await last.locator('.text').innerText()).trim().split(/\s+/).slice(-4).join(' ');
  await page.getByRole('searchbox', { name: 'Search' }).fill(words);
  await expect(page.locator('.match-count')).toHaveText(/^\d+ match/);
  const expanded = turns.filter({ has: page.getByRole('button', { name: label! }) });
  await expect(expanded).toHaveCount(1);
  await expect(expanded.locator('.collapsed')).toHaveCount(0);
  await expect(expanded.locator('mark').first()).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search' }).fill('');
  await page.locator('.turns-viewport').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await expect(turns.last().locator('.collapsed')).toHaveCount(0);
  await expect(page.locator('.collapsed').first()).toBeVisible();
});

test('topic chips filter turns, combine, and each turn shows its tags', async ({ page }) => {
  await page.goto('/#v1&t=dealbook-2024');
  const topics = page.getByRole('group', { name: 'Topics', exact: true });
  const microsoft = topics.getByRole('button', { name: 'Microsoft', exact: true });
  await expect(microsoft).toHaveAttribute('aria-pressed', 'false');
  const turns = page.getByRole('list', { name: 'Turns' }).getByRole('listitem');
  const before = Number(await turns.first().getAttribute('aria-setsize'));
  await microsoft.click();
  await expect(microsoft).toHaveAttribute('aria-pressed', 'true');
  const after = Number(await turns.first().getAttribute('aria-setsize'));
  expect(after).toBeLessThan(before);
  for (const text of await turns.locator('.turn-tags').allTextContents()) {
    expect(text).toContain('Microsoft');
  }
  expect(page.url()).toContain('tp=Microsoft');
  await microsoft.click();
  await expect(turns.first()).toHaveAttribute('aria-setsize', String(before));
});

test('a timed transcript shows a topic timeline that jumps to a turn', async ({ page }) => {
  await page.goto('/');
  const cue = (i: number, who: string, text: string) =>
    `00:${String(i).padStart(2, '0')}:00.000 --> 00:${String(i).padStart(2, '0')}:30.000\n<v ${who}>${text}\n`;
  const vtt = ['WEBVTT', ''];
  for (let i = 0; i < 40; i++) {
    vtt.push(cue(i, i % 2 ? 'Leo Park' : 'Marta Ruiz', i % 5 === 0 ? `Solar batteries change the grid, part ${i}.` : `We talk about rivers and farms in part ${i}.`));
  }
  await openFile(page, 'timed.vtt', vtt.join('\n'));
  const timeline = page.locator('figure.timeline');
  await expect(timeline).toContainText('Where the top topics come up');
  await timeline.locator('rect.tick').last().click();
  await expect(page).toHaveURL(/turn=\d+/);
  // From the keyboard: each press goes to the next turn about that topic.
  const step = timeline.getByRole('button', { name: /^Go to the next turn about / }).first();
  await step.focus();
  await page.keyboard.press('Enter');
  const first = new URL(page.url()).hash;
  await page.keyboard.press('Enter');
  await expect.poll(() => new URL(page.url()).hash).not.toBe(first);
});

test('a full storage quota is told in a sentence and nothing stored is lost', async ({ page, baseURL }) => {
  await page.goto('/');
  // A quota 64 KB above what the origin uses (Chromium's DevTools protocol),
  // set before the first write: the browser caches the space it has left.
  // After the service worker has cached the app (that counts too).
  await page.evaluate(() => navigator.serviceWorker.ready);
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(baseURL!).origin;
  const used = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: used + 64 * 1024 });
  await page.getByLabel('Paste a transcript').fill('Ana: Stored first.\nBen: Still here.');
  await page.getByRole('button', { name: 'Explore' }).click();
  await expect(page.locator('.transcript-header h2')).toHaveText('Pasted transcript 1');
  // The entry is stored once the browser has painted it: wait for that.
  await expect.poll(async () => (await storedLibrary(page)).map((e) => e.text)).toEqual(['Ana: Stored first.\nBen: Still here.']);
  // About 200 KB: more than is left.
  const big = Array.from({ length: 3000 }, (_, i) => `Cy: A long line ${i} that will not fit in the full storage any more.`).join('\n');
  await page.getByText('Add a transcript').click();
  await page.getByLabel('Paste a transcript').evaluate((area, text) => {
    (area as HTMLTextAreaElement).value = text;
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }, big);
  await page.getByRole('button', { name: 'Explore' }).click();
  await expect(page.getByRole('alert')).toContainText('storage for this page is full, so “Pasted transcript 2” is open but will not be kept');
  await expect(page.getByRole('alert')).toContainText('the rest of the library is kept');
  await expect(page.locator('.transcript-header h2')).toHaveText('Pasted transcript 2');
  expect((await storedLibrary(page)).map((e) => e.name)).toEqual(['Pasted transcript 1']);
  expect((await new AxeBuilder({ page }).include('.library').analyze()).violations).toEqual([]);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await page.reload();
  const library = page.getByRole('navigation', { name: 'Library' });
  await expect(library.getByRole('button', { name: 'Pasted transcript 1', exact: true })).toBeVisible();
  await expect(library.getByRole('button', { name: 'Pasted transcript 2', exact: true })).toHaveCount(0);
  await library.getByRole('button', { name: 'Pasted transcript 1', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Turns' }).locator('.text')).toHaveText(['Stored first.', 'Still here.']);
});

test('keyboard: a skip link comes first, and ? lists every shortcut (not while typing)', async ({ page }) => {
  await page.goto('/');
  const turns = page.getByRole('list', { name: 'Turns' }).getByRole('listitem');
  await expect(turns.first()).toBeVisible();
  const url = page.url();

  // The first Tab stop skips to the transcript, without touching the address.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the transcript' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#reader')).toBeFocused();
  // The next Tab stop is inside the reading column.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.querySelector('main#reader')!.contains(document.activeElement))).toBe(true);
  expect(page.url()).toBe(url);

  // `?` typed in a field is typing.
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill('');
  await search.press('Shift+?');
  await expect(search).toHaveValue('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeHidden();

  // Elsewhere it opens the list, which Escape closes.
  await search.fill('');
  await page.locator('.turns-viewport').focus();
  await page.keyboard.press('Shift+?');
  await expect(dialog).toBeVisible();
  for (const key of ['/', 'Enter', 'Escape', '?']) {
    await expect(dialog.locator('kbd', { hasText: key }).first()).toBeVisible();
  }
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // And its button opens it too; Close closes it.
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});
