import { deflateSync } from 'node:zlib';
import { test, expect, watch, openFile, Page } from './fixtures';

// Hostile input in every place text enters the app: a paste, a picked file,
// a dropped file, a link fragment, a speaker rename and a library title.
// Every payload must show as the characters it is made of. The guard in
// fixtures.ts fails each test on any dialog or Content-Security-Policy
// violation; here we also check that no handler ran (`__pwned`) and that no
// element the payloads spell out made it into the page.

const turns = (page: Page) => page.getByRole('list', { name: 'Turns' }).getByRole('listitem');

/** Nothing a payload spells out is an element, and no handler ran. */
async function expectInert(page: Page) {
  const found = await page.evaluate(() => {
    const bad: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const tag = el.tagName.toLowerCase();
      // The app draws its own two charts as <svg> outside the turns.
      const ours = tag === 'svg' && !el.closest('.turns, .transcript-header h2, .library, .speakers');
      if (['img', 'iframe', 'svg', 'object', 'embed', 'script', 'b'].includes(tag) && !ours) bad.push(tag);
      for (const attr of Array.from(el.attributes)) {
        if (attr.name.startsWith('on')) bad.push(`${tag}[${attr.name}]`);
        if (/^\s*javascript:/i.test(attr.value)) bad.push(`${tag}[${attr.name}=javascript:]`);
      }
    }
    return { bad, pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null };
  });
  expect(found).toEqual({ bad: [], pwned: null });
}

// Whisper JSON whose speakers and text are HTML, with a right-to-left
// override, a lone surrogate escape and a NUL.
const json = String.raw`{"segments":[
 {"start":0,"end":2,"speaker":"<img src=x onerror=\"window.__pwned=1;alert(1)\">","text":"<script>window.__pwned=2;alert(2)</script> and [docs](javascript:alert(3))"},
 {"start":2,"end":4,"speaker":"Bo \u202egnp.exe","text":"lone \ud800 half, NUL \u0000 byte, <svg onload=alert(4)></svg>"},
 {"start":4,"end":6,"speaker":"<b onmouseover=alert(5)>Cy</b>","text":"<a href=\"javascript:alert(6)\">click</a>"}
]}`;
const jsonSpeakers = ['<img src=x onerror="window.__pwned=1;alert(1)">', 'Bo \u202egnp.exe', '<b onmouseover=alert(5)>Cy</b>'];

const vtt = [
  'WEBVTT',
  '',
  '00:00:01.000 --> 00:00:02.000',
  '<v Ana>Hello <c.x><img src=x onerror=alert(8)></c> world',
  '',
  '00:00:02.000 --> 00:00:03.000',
  '<v Ben>&lt;script&gt;alert(9)&lt;/script&gt;',
  '',
].join('\n');

test('pasted, picked and dropped hostile transcripts render as text', async ({ page }) => {
  await page.goto('/');

  await page.getByLabel('Paste a transcript').fill(json);
  await page.getByRole('button', { name: 'Explore' }).click();
  await expect(turns(page).locator('.speaker')).toHaveText(jsonSpeakers);
  await expect(turns(page).nth(0).locator('.text')).toHaveText(
    '<script>window.__pwned=2;alert(2)</script> and [docs](javascript:alert(3))',
  );
  await expect(turns(page).nth(1).locator('.text')).toHaveText('lone \ufffd half, NUL \u0000 byte, <svg onload=alert(4)></svg>');
  await expect(turns(page).nth(2).locator('.text')).toHaveText('<a href="javascript:alert(6)">click</a>');
  await expect(page.getByText('broken character escape')).toBeVisible();
  await turns(page).nth(2).locator('.speaker').hover();
  await expectInert(page);

  const fileName = '<img src=x onerror=alert(7)>.vtt';
  await openFile(page, fileName, vtt);
  await expect(page.locator('.transcript-header h2')).toHaveText(fileName);
  await expect(turns(page).locator('.text')).toHaveText(['Hello world', '<script>alert(9)</script>']);
  await expect(page.getByRole('navigation', { name: 'Library' }).getByRole('button', { name: fileName, exact: true })).toBeVisible();
  await expectInert(page);

  const dropName = '<svg onload=alert(10)>.md';
  const dataTransfer = await page.evaluateHandle((name) => {
    const dt = new DataTransfer();
    dt.items.add(new File(['[click](javascript:alert(11))\n\n<iframe src="javascript:alert(12)"></iframe>\n'], name));
    return dt;
  }, dropName);
  await page.dispatchEvent('.app', 'dragover', { dataTransfer });
  await page.dispatchEvent('.app', 'drop', { dataTransfer });
  await expect(page.locator('.transcript-header h2')).toHaveText(dropName);
  await expect(turns(page).locator('.text')).toHaveText([
    '[click](javascript:alert(11))',
    '<iframe src="javascript:alert(12)"></iframe>',
  ]);
  await expectInert(page);

  // Stored and read back: still text after a reload.
  await page.reload();
  const library = page.getByRole('navigation', { name: 'Library' });
  await library.getByRole('button', { name: fileName, exact: true }).click();
  await expect(turns(page).locator('.text')).toHaveText(['Hello world', '<script>alert(9)</script>']);
  await expectInert(page);
});

test('hostile speaker renames and library titles render as text, and travel in a link as text', async ({ page, browser, guard }) => {
  await page.goto('/');
  await page.getByLabel('Paste a transcript').fill('Ana: First point.\nBen: Second point.\nAna: Third point.');
  await page.getByRole('button', { name: 'Explore' }).click();
  await expect(turns(page)).toHaveCount(3);

  const speakerName = '<img src=x onerror="window.__pwned=1;alert(13)">';
  await page.getByText('Rename or merge speakers').click();
  await page.getByRole('button', { name: 'Rename Ana' }).click();
  await page.getByLabel('New name for Ana').fill(speakerName);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(turns(page).locator('.speaker')).toHaveText([speakerName, 'Ben', speakerName]);

  const title = '<script>window.__pwned=3;alert(14)</script> \u202Eevil';
  const library = page.getByRole('navigation', { name: 'Library' });
  await library.getByRole('button', { name: 'Rename Pasted transcript 1' }).click();
  await page.getByLabel('New name for Pasted transcript 1').fill(title);
  await library.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.transcript-header h2')).toHaveText(title);
  await expectInert(page);

  await page.reload();
  await library.getByRole('button', { name: title, exact: true }).click();
  await expect(turns(page).locator('.speaker')).toHaveText([speakerName, 'Ben', speakerName]);
  await expectInert(page);

  // The search box and the link carry the payloads too.
  const query = '<svg onload=alert(15)>';
  await page.getByRole('searchbox', { name: 'Search' }).fill(query);
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();

  const other = await browser.newContext();
  const reader = await other.newPage();
  await watch(reader, guard);
  await reader.goto(link);
  await expect(reader.getByRole('searchbox', { name: 'Search' })).toHaveValue(query);
  await reader.getByRole('searchbox', { name: 'Search' }).fill('');
  await expect(turns(reader).locator('.speaker')).toHaveText([speakerName, 'Ben', speakerName]);
  await expectInert(reader);
  await other.close();
});

test('hostile link fragments open as text or as a message, never as markup', async ({ page }) => {
  for (const fragment of [
    `#v1&q=${encodeURIComponent('<img src=x onerror=alert(16)>')}&sp=${encodeURIComponent('<svg onload=alert(17)>')}`,
    `#v1&t=${encodeURIComponent('"><script>alert(18)</script>')}`,
    '#javascript:alert(19)',
    `#v1&rn=${encodeURIComponent('0.<img src=x onerror=alert(20)>')}`,
    `#v1&d=1${'<script>alert(21)</script>'}`,
  ]) {
    await page.goto('about:blank');
    await page.goto(`/${fragment}`);
    await expect(page.locator('.transcript-header h2')).toBeVisible();
    await expectInert(page);
  }
  await expect(page.getByRole('alert')).toContainText('This link could not be opened');
  await page.goto('about:blank');
  await page.goto(`/#v1&q=${encodeURIComponent('<img src=x onerror=alert(16)>')}`);
  await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('<img src=x onerror=alert(16)>');
});

test('the Content-Security-Policy is strict, the app boots within it, and it blocks injected script', async ({ page, request, guard }) => {
  const html = await (await request.get('/index.html')).text();
  const policy = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1] ?? '';
  const directives = Object.fromEntries(
    policy.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name, values]),
  );
  expect(directives['script-src']).toContain("'wasm-unsafe-eval'");
  expect(directives['script-src']?.some((v: string) => v.startsWith("'sha256-"))).toBe(true);
  expect(policy).not.toContain('unsafe-inline');
  expect(policy).not.toMatch(/'unsafe-eval'/);
  expect(policy).not.toContain('TRUNK-INLINE-SCRIPTS');
  for (const name of ['object-src', 'base-uri', 'form-action']) expect(directives[name]).toEqual(["'none'"]);

  await page.goto('/');
  await expect(turns(page).first()).toBeVisible();
  expect(guard.violations).toEqual([]);

  // The policy is in force, and the guard sees a violation when there is one.
  guard.enforce = false;
  const outcome = await page.evaluate(() => {
    const results: string[] = [];
    try {
      const s = document.createElement('script');
      s.textContent = 'window.__pwned = 1';
      document.body.append(s);
      results.push('script appended');
    } catch (e) {
      results.push(`script refused: ${(e as Error).name}`);
    }
    try {
      document.body.insertAdjacentHTML('beforeend', '<img src=x onerror="window.__pwned=2">');
      results.push('html inserted');
    } catch (e) {
      results.push(`html refused: ${(e as Error).name}`);
    }
    return results;
  });
  expect(outcome).toEqual(['script refused: TypeError', 'html refused: TypeError']);
  await expect.poll(() => guard.violations.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null)).toBeNull();
});

test('a deflate bomb in a link is refused with a message, and wasm memory stays under the cap', async ({ page }) => {
  // 512 MB of one letter deflates to about half a megabyte: a link under the
  // 2 MB limit that would unpack to far more than the 32 MB the decoder allows.
  const bomb = deflateSync(Buffer.alloc(512 << 20, 0x61), { level: 9 });
  const payload = `1${bomb.toString('base64url')}`;
  expect(payload.length).toBeLessThan(2 * 1024 * 1024);
  await page.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => {
      (window as unknown as { __wasmMemory: WebAssembly.Memory }).__wasmMemory = (
        e as CustomEvent<{ wasm: { memory: WebAssembly.Memory } }>
      ).detail.wasm.memory;
    });
  });
  await page.goto(`/#v1&d=${payload}`);
  await expect(page.getByRole('alert')).toContainText('would unpack to more than 32 MB');
  await expect(turns(page).first()).toBeVisible();
  const mb = await page.evaluate(
    () => (window as unknown as { __wasmMemory: WebAssembly.Memory }).__wasmMemory.buffer.byteLength / 2 ** 20,
  );
  // The decoder counts before it allocates: the tab stays near its own few
  // MB (3.3 MB measured), far under the 32 MB cap. Inflating into a growing
  // buffer, as it once did, took it to 130 MB.
  expect(mb).toBeLessThan(32);
});

// The new readings (bold names on their own line with HTML entities, the
// "Read as…" menu's example lines, a large paste held outside the box) show
// hostile text as text too.
test('hostile label shapes, Read as… examples and a held paste render as text', async ({ page }) => {
  await page.goto('/');
  const md = [
    '**<img src=x onerror="window.__pwned=1;alert(1)">** [0:00]',
    '',
    'We&#39;re here &lt;script&gt;window.__pwned=2&lt;/script&gt; <svg onload=alert(3)></svg>',
    '',
    '**<b onmouseover=alert(4)>Tom</b>** [0:12]',
    '',
    'And [docs](javascript:alert(5)).',
    '',
    '**<img src=x onerror="window.__pwned=1;alert(1)">** [0:30]',
    '',
    'Thanks.',
  ].join('\n');
  await page.getByLabel('Paste a transcript').fill(md);
  await page.getByRole('button', { name: 'Explore' }).click();
  await expect(page.locator('.library-item')).toHaveCount(6);
  // Not name-like, so no speakers: the labels stay in the text, as text.
  await expect(turns(page).first()).toContainText('<img src=x onerror="window.__pwned=1;alert(1)">');
  await expect(page.locator('.turns')).toContainText('<svg onload=alert(3)></svg>');
  await page.getByText('Read as…').click();
  await page.getByLabel('Format', { exact: true }).selectOption({ label: 'Markdown' });
  await page.getByRole('button', { name: 'Read again' }).click();
  await expect(page.locator('.reading-summary')).toContainText('Markdown');
  // Markdown drops inline HTML and decodes entities: what they spell is text.
  await expect(page.locator('.turns')).toContainText("We're here <script>window.pwned=2</script>");
  await expectInert(page);

  // A paste too big for the box is held beside it and said in words.
  const big = `**<img src=x onerror=alert(6)>** [0:00]\n\n${'<svg onload=alert(7)> x '.repeat(50_000)}\n`;
  await page.getByLabel('Paste a transcript').evaluate((area, text) => {
    (area as HTMLTextAreaElement).value = text;
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }, big);
  await expect(page.locator('.paste-box .held')).toContainText('is ready: Explore opens it.');
  await expect(page.getByLabel('Paste a transcript')).toHaveValue('');
  await expectInert(page);
});
