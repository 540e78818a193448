import fs from 'fs';
import path from 'path';
import { APIRequestContext, Locator, Page, expect } from '@playwright/test';

import pluginJson from '../../src/plugin.json';

export const SCREENSHOTS = 'test-results/screenshots';

/** The catalog's screenshots (plugin.json info.screenshots), by file name without .png. */
const CATALOG = new Set(pluginJson.info.screenshots.map((s) => path.basename(s.path, '.png')));

/**
 * Opens a Combobox (by its label) and picks the option whose text matches; `typed` narrows the
 * menu first, which renders only the options in view.
 */
export async function pick(page: Page, label: string | RegExp, option: string | RegExp, typed?: string) {
  const combobox = page.getByRole('combobox', { name: label });
  await combobox.click();
  if (typed) {
    await combobox.fill(typed);
  }
  await page.getByRole('option', { name: option }).first().click();
}

/** The servers the plugin's `servers` route lists for the editors' data source. */
export async function servers(request: APIRequestContext): Promise<Array<{ value: string; label: string }>> {
  const rsp = await request.get('/api/datasources/uid/scp/resources/servers');
  expect(rsp.ok()).toBeTruthy();
  return rsp.json();
}

/** A new data source without a token, as "Add new data source" creates it. */
export async function freshDataSource(request: APIRequestContext): Promise<string> {
  const rsp = await request.post('/api/datasources', { data: { name: 'netcup SCP (new)' } });
  expect(rsp.ok()).toBeTruthy();
  return (await rsp.json()).datasource.uid;
}

/**
 * Saves a screenshot of one editor, with no tooltip or hover state in the way. One that
 * plugin.json lists for the catalog is copied to src/img/ when UPDATE_SCREENSHOTS=1, so a normal
 * run leaves the tree as it was.
 */
export async function snapshot(page: Page, testId: string, name: string) {
  await page.mouse.move(0, 0);
  await expect(page.getByRole('tooltip')).toHaveCount(0);
  const file = `${SCREENSHOTS}/${name}.png`;
  await page.getByTestId(testId).screenshot({ path: file });
  if (process.env.UPDATE_SCREENSHOTS === '1' && CATALOG.has(name)) {
    fs.copyFileSync(file, `src/img/${name}.png`);
  }
}

export function resultFrames(page: Page): Locator {
  return page.getByTestId('query-result').getByTestId('frame');
}
