import { expect, test } from '@playwright/test';

import { freshDataSource, pick, resultFrames, snapshot } from './helpers';

/** The token of devhost's Nezha v2 simulator (cmd/devhost). */
const NEZHA_TOKEN = 'nzp_devhost-nezha-token';

test.describe('Nezha', () => {
  test('configures a data source for a Nezha dashboard and the health check is green', async ({ page, request }) => {
    const nezha = await request.get('/api/datasources/uid/nezha');
    const nezhaUrl: string = (await nezha.json()).jsonData.nezhaUrl;
    const uid = await freshDataSource(request);
    await page.goto(`/#/config?uid=${uid}`);
    const editor = page.getByTestId('config-editor');

    await editor.getByRole('radio', { name: 'Nezha' }).click();
    await expect(editor.getByRole('button', { name: 'Sign in with netcup' })).toBeHidden();
    await expect(editor.getByRole('textbox', { name: /^API URL/ })).toBeHidden();
    await editor.getByRole('textbox', { name: /^Dashboard URL/ }).fill(nezhaUrl);
    await editor.getByRole('radio', { name: 'v2' }).click();
    await expect(editor.getByText(/nezha:inventory:read, nezha:server:read and nezha:service:read/)).toBeVisible();

    // No token yet: Save & test names the fix.
    await editor.getByRole('button', { name: 'Save & test' }).click();
    await expect(page.getByTestId('health')).toContainText(/no Nezha API token is configured/i);

    await editor.getByPlaceholder('Paste the token').fill(NEZHA_TOKEN);
    await editor.getByRole('button', { name: 'Save & test' }).click();
    await expect(page.getByTestId('health')).toHaveText(`Connected to Nezha v2 at ${nezhaUrl}: 6 servers`);
    // Saved, the token is only "configured": never in the page again.
    await expect(editor.getByRole('textbox', { name: 'Nezha token' })).toHaveValue('configured');
    expect(await page.content()).not.toContain(NEZHA_TOKEN);
    await snapshot(page, 'config-editor', 'config-editor-nezha');
  });

  test('the query editor offers the Nezha query types, tags and servers', async ({ page }) => {
    await page.goto('/#/query?uid=nezha');
    const editor = page.getByTestId('query-editor');
    await expect(editor.getByRole('combobox', { name: 'Query type' })).toHaveValue('Server status');
    await expect(resultFrames(page).first()).toContainText('nezhaStatus · table · 6 rows');

    await editor.getByRole('combobox', { name: 'Query type' }).click();
    await expect(page.getByRole('option')).toHaveText([/^Servers/, /^Server status/, /^Metrics history/, /^Monitors/]);
    await page.keyboard.press('Escape');

    // The simulator tags its servers prod, staging and none in turn: 2 of 6 are prod.
    await pick(page, 'Tag', /^prod/);
    await page.keyboard.press('Escape');
    await expect(resultFrames(page).first()).toContainText('nezhaStatus · table · 2 rows');

    await pick(page, 'Field', /^cpuPercent/);
    await expect(page.getByTestId('frame-count')).toHaveText('2 frames');
    await expect(resultFrames(page).first()).toContainText('cpuPercent · numeric-multi');

    await pick(page, 'Query type', /^Metrics history/);
    await pick(page, 'Metric', /^Load 1m/);
    await expect(resultFrames(page).first()).toContainText('load1 · timeseries-multi');

    await editor.getByRole('radio', { name: 'Pick' }).click();
    await editor.getByRole('combobox', { name: 'Pick' }).click();
    await expect(page.getByRole('option', { name: /^hk-|^de-|^us-|^jp-/ })).toHaveCount(6);
    await page.keyboard.press('Escape');
    await snapshot(page, 'query-editor', 'query-editor-nezha');
  });

  test('the variable editor lists Nezha servers and tags', async ({ page }) => {
    await page.goto('/#/variable?uid=nezha');
    const preview = page.getByTestId('variable-preview');
    await expect(preview.locator('span')).toHaveCount(6);
    await page.getByRole('radio', { name: 'Tags' }).click();
    await expect(preview.locator('span')).toHaveText(['edge', 'prod', 'staging']);
    await snapshot(page, 'variable-editor', 'variable-editor-nezha');
  });
});
