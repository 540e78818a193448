import { APIRequestContext, Locator, Page, expect } from '@playwright/test';

export const SCREENSHOTS = 'test-results/screenshots';

/** Opens a Combobox (by its label) and picks the option whose text matches. */
export async function pick(page: Page, label: string | RegExp, option: string | RegExp) {
  await page.getByRole('combobox', { name: label }).click();
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

/** Saves a screenshot of one editor, with no tooltip or hover state in the way. */
export async function snapshot(page: Page, testId: string, name: string) {
  await page.mouse.move(0, 0);
  await expect(page.getByRole('tooltip')).toHaveCount(0);
  await page.getByTestId(testId).screenshot({ path: `${SCREENSHOTS}/${name}.png` });
}

export function resultFrames(page: Page): Locator {
  return page.getByTestId('query-result').getByTestId('frame');
}
