import { expect, test } from '@playwright/test';

import { pick, resultFrames, servers, snapshot } from './helpers';

test.describe('query editor', () => {
  test('starts with a useful panel: the status of every server', async ({ page, request }) => {
    const fleet = await servers(request);
    await page.goto('/#/query');
    const editor = page.getByTestId('query-editor');
    await expect(editor.getByRole('combobox', { name: 'Query type' })).toHaveValue('Server status');
    await expect(editor.getByRole('radio', { name: 'All' })).toBeChecked();
    await expect(resultFrames(page).first()).toContainText(`serverStatus · table · ${fleet.length} rows`);
  });

  test('picks a query type and servers offered by the simulator through the plugin', async ({ page, request }) => {
    const fleet = await servers(request);
    expect(fleet.length).toBe(8);
    await page.goto('/#/query');
    const editor = page.getByTestId('query-editor');

    await pick(page, 'Query type', /^Disks/);
    await expect(resultFrames(page).first()).toContainText('disks · table');

    await editor.getByRole('radio', { name: 'Pick' }).click();
    await editor.getByRole('combobox', { name: 'Pick' }).click();
    // Every server of the simulated account is offered, by name, after the dashboard variable.
    await expect(page.getByRole('option', { name: /\$server/ })).toBeVisible();
    for (const server of fleet.slice(0, 3)) {
      await expect(page.getByRole('option', { name: new RegExp(`^${server.label}`) })).toBeVisible();
    }
    await page.getByRole('option', { name: new RegExp(`^${fleet[0].label}`) }).click();
    await page.getByRole('option', { name: new RegExp(`^${fleet[1].label}`) }).click();
    await page.keyboard.press('Escape');

    // Only the two picked servers' disks come back.
    const ids = resultFrames(page).first().locator('tbody tr td:first-child');
    await expect
      .poll(async () => new Set(await ids.allTextContents()))
      .toEqual(new Set([fleet[0].value, fleet[1].value]));

    await page.getByRole('heading', { name: 'Query A' }).click(); // leave the picker, as a user would
    await expect(editor.getByText(fleet[1].label, { exact: true })).toBeVisible();
    await snapshot(page, 'query-page', 'query-editor');
  });

  test('builds a raw GET from the paths the plugin offers, with a server picker for {serverId}', async ({
    page,
    request,
  }) => {
    const fleet = await servers(request);
    await page.goto('/#/query?uid=scp');
    await pick(page, 'Query type', /^Raw GET/, 'Raw');
    await pick(page, 'Path', /^\/api\/v1\/servers\/\{serverId\}\/disks Get disks of a server/, '{serverId}/disks');
    await pick(page, /^serverId/, new RegExp(`^${fleet[0].label}`));
    await expect(resultFrames(page).first()).toContainText(/ · table · [1-9]\d* rows/);
    await expect(resultFrames(page).first().locator('th').first()).toBeVisible();
    await page.getByRole('heading', { name: 'Query A' }).click();
    await snapshot(page, 'query-page', 'raw-query-editor');
  });

  test("shows the backend's error for a server id the account does not have", async ({ page }) => {
    await page.goto('/#/query');
    const editor = page.getByTestId('query-editor');
    await editor.getByRole('radio', { name: 'Pick' }).click();
    const picker = editor.getByRole('combobox', { name: 'Pick' });
    await picker.click();
    await picker.fill('424242');
    await page.getByRole('option', { name: /^424242/ }).click();
    await page.keyboard.press('Escape');
    const error = page.getByTestId('query-result').getByRole('alert');
    await expect(error).toContainText('Query error');
    await expect(error).toContainText("server id 424242 is not in this account's 8 servers");
  });

  test('says in the alert-rule editor what cannot alert, and a field fixes it', async ({ page }) => {
    await page.goto('/#/query');
    await page.getByRole('radio', { name: 'Alert rule' }).click();
    const editor = page.getByTestId('query-editor');
    await pick(page, 'Query type', /^Logs/);
    const hint = editor.getByRole('alert').filter({ hasText: 'Not for alerts' });
    await expect(hint).toContainText('Logs answers a table or log lines, which alert rules cannot evaluate.');
    await pick(page, 'Query type', /^Interfaces/);
    await expect(hint).toContainText('Pick a field: without one, Interfaces answers a table');
    await pick(page, 'Field', /^speedMbits/);
    await expect(editor.getByText('Not for alerts')).toBeHidden();
    await expect(page.getByTestId('frame-count')).not.toHaveText('1 frame');
    await expect(resultFrames(page).first()).toContainText('speedMbits · numeric-multi');

    await editor.getByRole('combobox', { name: 'Query type' }).click();
    await expect(page.getByRole('option', { name: /^Logs/ })).toContainText('not for alerts');
    for (const type of [/^Snapshots/, /^Maintenance/, /^Metrics/]) {
      await expect(page.getByRole('option', { name: type })).not.toContainText('not for alerts');
    }
  });

  test('an alert rule reads one number per disk', async ({ page }) => {
    await page.goto('/#/query');
    await page.getByRole('radio', { name: 'Alert rule' }).click();
    const editor = page.getByTestId('query-editor');
    await pick(page, 'Query type', /^Disks/);
    await expect(editor.getByText(/Pick a field: without one, Disks answers a table/)).toBeVisible();
    await pick(page, 'Field', /^usedPercent/);
    await expect(resultFrames(page).first()).toContainText('usedPercent · numeric-multi');
    await expect(editor.getByText('Not for alerts')).toBeHidden();
    await page.getByRole('heading', { name: 'Query A' }).click();
    await snapshot(page, 'query-page', 'alert-rule-query');
  });

  test('draws metric series named by the legend format', async ({ page }) => {
    await page.goto('/#/query');
    await pick(page, 'Query type', /^Metrics/);
    const editor = page.getByTestId('query-editor');
    await expect(editor.getByRole('radio', { name: 'CPU' })).toBeChecked();
    await page.getByRole('radio', { name: 'Network' }).click();
    const legend = page.getByRole('textbox', { name: 'Legend' });
    await legend.fill('{{server}} {{direction}}');
    await legend.blur();
    await expect(resultFrames(page).first()).toContainText('timeseries-multi');
    // Series are named by the legend, "<server name> IN|OUT", not by default ("<name> <mac> IN").
    await expect(resultFrames(page).first().locator('th').nth(1)).toHaveText(/^v\d+ (IN|OUT)$/);
    await snapshot(page, 'query-page', 'metrics-query-editor');
  });
});

test('variable editor lists the servers and switches to disks of $server', async ({ page, request }) => {
  const fleet = await servers(request);
  await page.goto('/#/variable');
  const preview = page.getByTestId('variable-preview');
  await expect(preview.getByText(fleet[0].label, { exact: true })).toBeVisible();
  await expect(preview.locator('span')).toHaveCount(fleet.length);
  await snapshot(page, 'variable-page', 'variable-editor');
  await page.getByRole('radio', { name: 'Disks' }).click();
  await expect(page.getByText('Of servers')).toBeVisible();
  await expect(preview.getByText(/^vd[a-z]$/).first()).toBeVisible();
  await snapshot(page, 'variable-page', 'variable-editor-disks');
});

test('annotation editor turns tasks into events', async ({ page }) => {
  await page.goto('/#/annotation');
  const editor = page.getByTestId('annotation-editor');
  await expect(editor.getByRole('combobox', { name: 'Query type' })).toHaveValue('Tasks');
  await expect(page.getByTestId('event-count')).not.toHaveText('0 events');
  await pick(page, 'States', 'ERROR');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('annotation-events').getByRole('listitem').first()).toContainText('ERROR');
  await snapshot(page, 'annotation-editor', 'annotation-editor');
});
