// Issue 19's formats end to end: a Word document and a TTML file, each
// opened with "Open a file" and by a drop, read in the worker, shown with
// their speakers, times and format; a TTML file pasted as text; a zip bomb
// refused with one sentence while the open transcript stays.
import { readFileSync } from 'fs';
import { join } from 'path';
import { test, expect, openFile, Page } from './fixtures';

const fixtures = join(__dirname, '../../crates/transcript-core/tests/fixtures');
const docx = readFileSync(join(fixtures, 'docx_otter_name_time_paragraphs.docx'));
const ttml = readFileSync(join(fixtures, 'ttml_dfxp_named_agents_ticks_br.dfxp'), 'utf8');

async function drop(page: Page, name: string, bytes: Buffer) {
  const dataTransfer = await page.evaluateHandle(
    ([name, bytes]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes as number[])], name as string));
      return dt;
    },
    [name, [...bytes]] as const,
  );
  await page.dispatchEvent('.app', 'dragover', { dataTransfer });
  await page.dispatchEvent('.app', 'drop', { dataTransfer });
}

async function expectOtterDocx(page: Page, name: string) {
  await expect(page.locator('.transcript-header h2')).toHaveText(name);
  await expect(page.locator('.transcript-header .facts')).toContainText('Word document');
  const turns = page.getByRole('list', { name: 'Turns' }).getByRole('listitem');
  await expect(turns.locator('.speaker')).toHaveText(['Ana Lima', 'Ben Okoro', 'Ana Lima']);
  await expect(turns.locator('.start')).toHaveText(['0:03', '0:11', '0:19']);
  await expect(turns.nth(1).locator('.text')).toHaveText('Before we start, the build is green again.');
}

async function expectCouncilTtml(page: Page) {
  await expect(page.locator('.transcript-header .facts')).toContainText('TTML');
  const turns = page.getByRole('list', { name: 'Turns' }).getByRole('listitem');
  await expect(turns).toHaveCount(4);
  await expect(turns.first().locator('.speaker')).toHaveText('Maria Ortega');
  await expect(turns.first().locator('.text')).toHaveText('Good evening, and welcome. Let us begin.');
  await expect(turns.nth(1).locator('.speaker')).toHaveText('Tom Baker');
  await expect(turns.locator('.start').first()).toHaveText('0:01');
  await expect(turns.nth(3).locator('.text')).toHaveText('Item one: the park & ride.');
}

test('a Word document opens with the file picker and by a drop', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Open a file').setInputFiles({
    name: 'weekly-sync.docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    buffer: docx,
  });
  await expectOtterDocx(page, 'weekly-sync.docx');
  await drop(page, 'dropped-sync.docx', docx);
  await expectOtterDocx(page, 'dropped-sync.docx');
  // The entry keeps the document's text, so it reads again after a reload.
  await page.reload();
  const library = page.getByRole('navigation', { name: 'Library' });
  await library.getByRole('button', { name: 'dropped-sync.docx', exact: true }).click();
  const turns = page.getByRole('list', { name: 'Turns' }).getByRole('listitem');
  await expect(turns.locator('.speaker')).toHaveText(['Ana Lima', 'Ben Okoro', 'Ana Lima']);
});

test('a TTML file opens pasted, with the file picker and by a drop', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Paste a transcript').fill(ttml);
  await page.getByRole('button', { name: 'Explore' }).click();
  await expectCouncilTtml(page);
  await openFile(page, 'council.dfxp', ttml);
  await expect(page.locator('.transcript-header h2')).toHaveText('council.dfxp');
  await expectCouncilTtml(page);
  await drop(page, 'council.ttml', Buffer.from(ttml));
  await expect(page.locator('.transcript-header h2')).toHaveText('council.ttml');
  await expectCouncilTtml(page);
});

test('a zip that unpacks to far more than it may is refused with one sentence', async ({ page }) => {
  await page.goto('/');
  await openFile(page, 'council.dfxp', ttml);
  await expect(page.locator('.transcript-header h2')).toHaveText('council.dfxp');
  // word/document.xml declaring 1 GB, stored: refused before anything unpacks.
  const name = Buffer.from('word/document.xml');
  const header = (central: boolean) => {
    const b = Buffer.alloc(central ? 46 : 30);
    b.writeUInt32LE(central ? 0x02014b50 : 0x04034b50, 0);
    const o = central ? 2 : 0;
    b.writeUInt16LE(20, 4 + o);
    b.writeUInt16LE(8, 8 + o); // deflate
    b.writeUInt32LE(10, 18 + o); // packed
    b.writeUInt32LE(1 << 30, 22 + o); // unpacked: 1 GB
    b.writeUInt16LE(name.length, 26 + o);
    return Buffer.concat([b, name]);
  };
  const local = Buffer.concat([header(false), Buffer.alloc(10)]);
  const dir = header(true);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(local.length, 16);
  await drop(page, 'bomb.docx', Buffer.concat([local, dir, end]));
  await expect(page.getByRole('alert')).toHaveText(
    /bomb\.docx: The file's word\/document\.xml would unpack to 1024 MB, more than the 64 MB this app reads\./,
  );
  await expect(page.locator('.transcript-header h2')).toHaveText('council.dfxp');
});
