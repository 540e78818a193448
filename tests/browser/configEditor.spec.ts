import { expect, test } from '@playwright/test';

import { freshDataSource, pick, snapshot } from './helpers';

test.describe('config page', () => {
  test('signs in with netcup (device code) against the simulator, saves, and the health check is green', async ({
    page,
    request,
  }) => {
    const uid = await freshDataSource(request);
    await page.goto(`/#/config?uid=${uid}`);
    const editor = page.getByTestId('config-editor');

    // No token yet: Save & test names the fix, and there is nothing to revoke.
    await editor.getByRole('button', { name: 'Save & test' }).click();
    await expect(page.getByTestId('health')).toContainText(/no netcup refresh token is configured/i);
    await expect(editor.getByRole('button', { name: 'Revoke' })).toBeDisabled();
    await expect(editor.getByText('No token is saved, so there is nothing to revoke.')).toBeVisible();

    await editor.getByRole('button', { name: 'Sign in with netcup' }).click();
    const code = editor.getByLabel('User code');
    await expect(code).toHaveText(/^[A-Z]{4}-[A-Z]{4}$/);
    const userCode = (await code.textContent()) ?? '';
    await expect(editor.getByRole('link', { name: /Open netcup sign-in/ })).toHaveAttribute(
      'href',
      new RegExp(`/realms/scp/device\\?user_code=${userCode}$`)
    );
    await expect(editor.getByText(/The code\s+expires in \d+:\d\d/)).toBeVisible();
    await snapshot(page, 'config-editor', 'config-sign-in');

    // The simulator approves on the second poll.
    await expect(editor.getByText('Signed in with netcup')).toBeVisible();
    await expect(editor.getByRole('textbox', { name: 'Refresh token' })).toHaveValue('configured');
    expect(await page.content()).not.toContain('sim-rt-');

    await editor.getByRole('button', { name: 'Save & test' }).click();
    await expect(page.getByTestId('health')).toContainText(/^Connected to netcup SCP as \S+: 8 servers$/);
    await expect(editor.getByText('The refresh token from netcup is stored.')).toBeVisible();
    expect(await page.content()).not.toContain('sim-rt-');
    await snapshot(page, 'config-editor', 'config-editor');

    // Revoke asks first; confirmed, netcup stops accepting the token; saved, the health check says so.
    await expect(editor.getByText(/nothing to revoke/)).toBeHidden();
    await editor.getByRole('button', { name: 'Revoke' }).click();
    await expect(page.getByRole('dialog')).toContainText('Revoke the stored token?');
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await expect(editor.getByText('Token revoked')).toBeVisible();
    await editor.getByRole('button', { name: 'Save & test' }).click();
    await expect(page.getByTestId('health')).toContainText(/no netcup refresh token is configured/i);
  });

  test('the Advanced section opens to the limits and raw access', async ({ page, request }) => {
    const uid = await freshDataSource(request);
    await page.goto(`/#/config?uid=${uid}`);
    const editor = page.getByTestId('config-editor');
    // devhost points the data source at the simulator, so the section starts open.
    const advanced = editor.getByRole('button', { name: 'Advanced' });
    await expect(advanced).toHaveAttribute('aria-expanded', 'true');
    await expect(editor.getByRole('radio', { name: 'Servers' })).toBeChecked();
    await expect(editor.getByText(/Viewers included, can read what raw queries return/)).toBeVisible();
    await editor.getByRole('radio', { name: 'Off' }).click();
    await editor.getByRole('spinbutton', { name: /^Max concurrent queries/ }).fill('4');
    await editor.getByRole('spinbutton', { name: /^Cache size/ }).fill('32');
    await editor.getByRole('button', { name: 'Save & test' }).click();
    await expect(page.getByTestId('health')).toContainText(/no netcup refresh token is configured/i);
    const saved = await (await request.get(`/api/datasources/uid/${uid}`)).json();
    expect(saved.jsonData).toMatchObject({ rawAccess: 'off', maxConcurrentQueries: 4, cacheMaxMiB: 32 });
    await snapshot(page, 'config-editor', 'config-advanced');
    await advanced.click();
    await expect(editor.getByRole('radio', { name: 'Off' })).toBeHidden();

    // The raw query editor of that data source says so.
    await page.goto(`/#/query?uid=${uid}`);
    await pick(page, 'Query type', /^Raw GET/, 'Raw');
    await expect(page.getByTestId('query-editor').getByText('Raw access is off')).toBeVisible();
  });

  test('cancelling a sign-in stores nothing', async ({ page, request }) => {
    const uid = await freshDataSource(request);
    await page.goto(`/#/config?uid=${uid}`);
    const editor = page.getByTestId('config-editor');
    await editor.getByRole('button', { name: 'Sign in with netcup' }).click();
    await expect(editor.getByLabel('User code')).toBeVisible();
    await editor.getByRole('button', { name: 'Cancel' }).click();
    await expect(editor.getByText('Sign-in cancelled', { exact: true })).toBeVisible();
    await expect(editor.getByPlaceholder('Paste a refresh token')).toHaveValue('');
  });

  test('a Viewer cannot sign in', async ({ page, context, request, baseURL }) => {
    const uid = await freshDataSource(request);
    await context.addCookies([{ name: 'devhost_role', value: 'Viewer', url: baseURL! }]);
    await page.goto(`/#/config?uid=${uid}`);
    const editor = page.getByTestId('config-editor');
    await editor.getByRole('button', { name: 'Sign in with netcup' }).click();
    await expect(editor.getByText('Sign-in failed')).toBeVisible();
    await expect(editor.getByText(/Only an organization Admin/)).toBeVisible();
  });
});
