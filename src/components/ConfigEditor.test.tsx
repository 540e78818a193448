import React, { useState } from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { DataSourceSettings } from '@grafana/data';
import { BackendSrv, BackendSrvRequest, setBackendSrv } from '@grafana/runtime';
import { Observable, of, throwError } from 'rxjs';

import { ScpOptions, ScpSecureJsonData } from '../types';
import { ConfigEditor } from './ConfigEditor';

type Settings = DataSourceSettings<ScpOptions, ScpSecureJsonData>;

function settings(overrides: Partial<Settings> = {}): Settings {
  return {
    id: 1,
    uid: 'scp',
    orgId: 1,
    name: 'netcup SCP',
    type: 'vpsfleet-netcupscp-datasource',
    typeName: 'netcup SCP',
    typeLogoUrl: '',
    access: 'proxy',
    url: '',
    user: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    jsonData: {},
    secureJsonFields: {},
    readOnly: false,
    withCredentials: false,
    ...overrides,
  } as Settings;
}

/** Grafana's side of the config page: it keeps the settings and passes each change back in. */
function Page({ initial, onChange }: { initial: Settings; onChange: (s: Settings) => void }) {
  const [options, setOptions] = useState(initial);
  return (
    <ConfigEditor
      options={options}
      onOptionsChange={(next) => {
        onChange(next);
        setOptions(next);
      }}
    />
  );
}

type Answer = { data: unknown } | { error: { status: number; data: { message: string } } };

/** A backendSrv whose resource routes answer from a script, recording every call. */
function fakeBackend(script: Record<string, Answer[]>) {
  const calls: Array<{ url: string; data: unknown }> = [];
  const fetch = (req: BackendSrvRequest): Observable<unknown> => {
    calls.push({ url: req.url, data: req.data });
    const route = req.url.replace('/api/datasources/uid/scp/resources/', '');
    const answer = script[route]?.shift();
    if (!answer) {
      return throwError(() => ({ status: 500, data: { message: `no scripted answer for ${route}` } }));
    }
    if ('error' in answer) {
      return throwError(() => answer.error);
    }
    return of({ data: answer.data, status: 200, ok: true });
  };
  setBackendSrv({ fetch } as unknown as BackendSrv);
  return calls;
}

const started = {
  sessionId: 'session-1',
  userCode: 'BCDF-GHJK',
  verificationUri: 'https://scp.example/realms/scp/device',
  verificationUriComplete: 'https://scp.example/realms/scp/device?user_code=BCDF-GHJK',
  expiresIn: 600,
  interval: 5,
};
const TOKEN = 'offline-refresh-token-secret';

async function advance(ms: number) {
  await act(async () => {
    await jest.advanceTimersByTimeAsync(ms);
  });
}

function polls(calls: Array<{ url: string }>) {
  return calls.filter((c) => c.url.endsWith('/device/poll')).length;
}

function openAdvanced() {
  fireEvent.click(screen.getByRole('button', { name: 'Advanced' }));
}

describe('ConfigEditor', () => {
  it('writes a typed refresh token to secureJsonData only', () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);
    fireEvent.change(screen.getByPlaceholderText('Paste a refresh token'), { target: { value: 'abc' } });
    const next = onOptionsChange.mock.calls[0][0];
    expect(next.secureJsonData.refreshToken).toBe('abc');
    expect(JSON.stringify(next.jsonData)).not.toContain('abc');
  });

  it('shows a stored token as configured without rendering it, and resets it', () => {
    const onOptionsChange = jest.fn();
    render(
      <ConfigEditor
        options={settings({ secureJsonFields: { refreshToken: true } })}
        onOptionsChange={onOptionsChange}
      />
    );
    expect(screen.getByDisplayValue('configured')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Reset' }));
    const next = onOptionsChange.mock.calls[0][0];
    expect(next.secureJsonFields.refreshToken).toBe(false);
    expect(next.secureJsonData.refreshToken).toBe('');
  });

  it('keeps the Advanced section closed until opened, or while a setting is customised', () => {
    const view = render(<Page initial={settings()} onChange={jest.fn()} />);
    expect(screen.queryByRole('textbox', { name: /^API URL/ })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Advanced' })).toHaveAttribute('aria-expanded', 'false');
    view.unmount();
    render(<Page initial={settings({ jsonData: { cacheMaxMiB: 128 } })} onChange={jest.fn()} />);
    expect(screen.getByRole('button', { name: 'Advanced' })).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByRole('spinbutton', { name: /^Cache size/ })).toHaveValue(128);
  });

  it('edits the URLs and limits in jsonData', () => {
    const onChange = jest.fn();
    render(<Page initial={settings()} onChange={onChange} />);
    openAdvanced();
    fireEvent.change(screen.getByRole('textbox', { name: /^API URL/ }), {
      target: { value: 'http://127.0.0.1:8085/scp-core' },
    });
    fireEvent.change(screen.getByRole('spinbutton', { name: /^Max concurrency/ }), { target: { value: '4' } });
    fireEvent.change(screen.getByRole('spinbutton', { name: /^Timeout/ }), { target: { value: '' } });
    fireEvent.change(screen.getByRole('spinbutton', { name: /^Max concurrent queries/ }), { target: { value: '32' } });
    fireEvent.change(screen.getByRole('spinbutton', { name: /^Cache size/ }), { target: { value: '256' } });
    fireEvent.change(screen.getByRole('spinbutton', { name: /^Live interval/ }), { target: { value: '0' } });
    const last = onChange.mock.calls.at(-1)[0];
    expect(last.jsonData).toEqual({
      apiUrl: 'http://127.0.0.1:8085/scp-core',
      maxConcurrency: 4,
      timeoutSeconds: undefined,
      maxConcurrentQueries: 32,
      cacheMaxMiB: 256,
      liveIntervalSeconds: 0,
    });
    expect(screen.getByRole('spinbutton', { name: /^Live interval/ })).toHaveAttribute('min', '0');
    expect(screen.getByRole('spinbutton', { name: /^Max concurrent queries/ })).toHaveAttribute('max', '64');
    expect(screen.getByRole('spinbutton', { name: /^Cache size/ })).toHaveAttribute('placeholder', '64');
  });

  it('lets the Admin choose what raw queries may read, and says who reads the answers', () => {
    const onChange = jest.fn();
    render(<Page initial={settings()} onChange={onChange} />);
    openAdvanced();
    expect(screen.getByText(/Viewers included, can read what raw queries return/)).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Servers' })).toBeChecked();
    expect(screen.getByText(/Every GET under \/api\/v1\/servers\/\{serverId\}/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('radio', { name: 'All' }));
    expect(onChange.mock.calls.at(-1)[0].jsonData).toEqual({ rawAccess: 'all' });
    expect(screen.getByText(/account data included: the user's e-mail, SSH keys/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('radio', { name: 'Off' }));
    expect(onChange.mock.calls.at(-1)[0].jsonData).toEqual({ rawAccess: 'off' });
    expect(screen.getByText('Raw queries are refused.')).toBeInTheDocument();
  });

  describe('sign in with netcup', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('walks through pending and slow_down to a token that is stored but never shown', async () => {
      const calls = fakeBackend({
        'device/start': [{ data: started }],
        'device/poll': [
          { data: { status: 'pending', interval: 5 } },
          { data: { status: 'slow_down', interval: 10 } },
          { data: { status: 'success', refreshToken: TOKEN } },
        ],
      });
      const onChange = jest.fn();
      const view = render(<Page initial={settings()} onChange={onChange} />);

      fireEvent.click(screen.getByRole('button', { name: 'Sign in with netcup' }));
      await advance(0);
      expect(screen.getByLabelText('User code')).toHaveTextContent('BCDF-GHJK');
      expect(screen.getByRole('link', { name: /Open netcup sign-in/ })).toHaveAttribute(
        'href',
        started.verificationUriComplete
      );
      expect(screen.getByText(/expires in 10:00/)).toBeInTheDocument();

      await advance(4999);
      expect(polls(calls)).toBe(0); // the interval is respected
      await advance(1);
      expect(polls(calls)).toBe(1);
      expect(calls.at(-1)?.data).toEqual({ sessionId: 'session-1' });
      expect(screen.getByText(/checked 1 time\b/)).toBeInTheDocument();

      await advance(5000);
      expect(polls(calls)).toBe(2);
      expect(screen.getByText(/checking every 10 s/)).toBeInTheDocument();
      expect(screen.getByText(/expires in 9:50/)).toBeInTheDocument();

      await advance(9999); // slow_down added 5 s
      expect(polls(calls)).toBe(2);
      await advance(1);
      expect(polls(calls)).toBe(3);

      expect(screen.getByText('Signed in with netcup')).toBeInTheDocument();
      const saved = onChange.mock.calls.at(-1)[0];
      expect(saved.secureJsonData.refreshToken).toBe(TOKEN);
      expect(JSON.stringify(saved.jsonData)).not.toContain(TOKEN);
      expect(screen.getByDisplayValue('configured')).toBeInTheDocument();
      expect(view.container.innerHTML).not.toContain(TOKEN);

      await advance(60000);
      expect(polls(calls)).toBe(3); // finished: no more polls
    });

    it('gives up when the code expires before approval', async () => {
      const calls = fakeBackend({
        'device/start': [{ data: { ...started, expiresIn: 12 } }],
        'device/poll': [{ data: { status: 'pending' } }, { data: { status: 'pending' } }],
      });
      render(<Page initial={settings()} onChange={jest.fn()} />);
      fireEvent.click(screen.getByRole('button', { name: 'Sign in with netcup' }));
      await advance(0);
      expect(screen.getByText(/expires in 0:12/)).toBeInTheDocument();
      await advance(10000);
      expect(polls(calls)).toBe(2);
      await advance(5000);
      expect(polls(calls)).toBe(2); // expired: no poll after the deadline
      expect(screen.getByText('Sign-in code expired')).toBeInTheDocument();
      expect(screen.getByText(/expired before it was approved/)).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    });

    it('reports an expiry the backend saw', async () => {
      fakeBackend({
        'device/start': [{ data: started }],
        'device/poll': [{ data: { status: 'expired', message: 'This sign-in is no longer known. Start again.' } }],
      });
      render(<Page initial={settings()} onChange={jest.fn()} />);
      fireEvent.click(screen.getByRole('button', { name: 'Sign in with netcup' }));
      await advance(5000);
      expect(screen.getByText('Sign-in code expired')).toBeInTheDocument();
      expect(screen.getByText('This sign-in is no longer known. Start again.')).toBeInTheDocument();
    });

    it('reports a denied sign-in and stores nothing', async () => {
      fakeBackend({ 'device/start': [{ data: started }], 'device/poll': [{ data: { status: 'denied' } }] });
      const onChange = jest.fn();
      render(<Page initial={settings()} onChange={onChange} />);
      fireEvent.click(screen.getByRole('button', { name: 'Sign in with netcup' }));
      await advance(5000);
      expect(screen.getByText('Sign-in denied')).toBeInTheDocument();
      expect(screen.getByText(/denied at netcup. Nothing was stored/)).toBeInTheDocument();
      expect(onChange).not.toHaveBeenCalled();
    });

    it('cancels: tells the backend and stops polling', async () => {
      const calls = fakeBackend({
        'device/start': [{ data: started }],
        'device/cancel': [{ data: { message: 'ok' } }],
      });
      render(<Page initial={settings()} onChange={jest.fn()} />);
      fireEvent.click(screen.getByRole('button', { name: 'Sign in with netcup' }));
      await advance(0);
      fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
      await advance(30000);
      expect(polls(calls)).toBe(0);
      expect(calls.map((c) => c.url)).toContain('/api/datasources/uid/scp/resources/device/cancel');
      expect(screen.getByText('Sign-in cancelled')).toBeInTheDocument();
    });

    it("shows the backend's refusal for a non-Admin", async () => {
      fakeBackend({
        'device/start': [
          {
            error: {
              status: 403,
              data: { message: 'Only an organization Admin can sign in to netcup or revoke the stored token.' },
            },
          },
        ],
      });
      render(<Page initial={settings()} onChange={jest.fn()} />);
      fireEvent.click(screen.getByRole('button', { name: 'Sign in with netcup' }));
      await advance(0);
      expect(screen.getByText('Sign-in failed')).toBeInTheDocument();
      expect(screen.getByText(/Only an organization Admin/)).toBeInTheDocument();
    });
  });

  describe('revoke', () => {
    it('is offered only when a token is stored, and says why not', () => {
      render(<Page initial={settings()} onChange={jest.fn()} />);
      const revoke = screen.getByRole('button', { name: 'Revoke' });
      expect(revoke).toBeDisabled();
      expect(screen.getByText('No token is saved, so there is nothing to revoke.')).toBeInTheDocument();
      fireEvent.click(revoke);
      expect(screen.queryByText('Revoke the stored token?')).not.toBeInTheDocument();
    });

    it('asks first, revokes at netcup, then clears the secret field', async () => {
      const calls = fakeBackend({
        'device/revoke': [{ data: { message: 'The refresh token was revoked at netcup.' } }],
      });
      const onChange = jest.fn();
      render(<Page initial={settings({ secureJsonFields: { refreshToken: true } })} onChange={onChange} />);
      expect(screen.queryByText(/nothing to revoke/)).not.toBeInTheDocument();
      fireEvent.click(screen.getByRole('button', { name: 'Revoke' }));
      expect(screen.getByText('Revoke the stored token?')).toBeInTheDocument();
      expect(calls).toHaveLength(0);
      await act(async () => {
        fireEvent.click(screen.getAllByRole('button', { name: 'Revoke' }).at(-1)!);
      });
      expect(calls.map((c) => c.url)).toEqual(['/api/datasources/uid/scp/resources/device/revoke']);
      expect(screen.getByText('Token revoked')).toBeInTheDocument();
      const last = onChange.mock.calls.at(-1)[0];
      expect(last.secureJsonFields.refreshToken).toBe(false);
      expect(last.secureJsonData.refreshToken).toBe('');
    });

    it('keeps the field when netcup refuses', async () => {
      fakeBackend({ 'device/revoke': [{ error: { status: 502, data: { message: 'answered HTTP 500' } } }] });
      const onChange = jest.fn();
      render(<Page initial={settings({ secureJsonFields: { refreshToken: true } })} onChange={onChange} />);
      fireEvent.click(screen.getByRole('button', { name: 'Revoke' }));
      await act(async () => {
        fireEvent.click(screen.getAllByRole('button', { name: 'Revoke' }).at(-1)!);
      });
      expect(screen.getByText('Revoking failed')).toBeInTheDocument();
      expect(onChange).not.toHaveBeenCalled();
    });
  });

  describe('provider', () => {
    const NEZHA_TOKEN = 'nzp_secret-personal-access-token';

    it('reads netcup SCP by default and shows only its settings', () => {
      render(<Page initial={settings()} onChange={jest.fn()} />);
      openAdvanced();
      expect(screen.getByRole('radio', { name: 'netcup SCP' })).toBeChecked();
      expect(screen.getByRole('button', { name: 'Sign in with netcup' })).toBeInTheDocument();
      expect(screen.getByRole('textbox', { name: /^API URL/ })).toBeInTheDocument();
      expect(screen.queryByRole('textbox', { name: /^Dashboard URL/ })).not.toBeInTheDocument();
      expect(screen.queryByText('Nezha token')).not.toBeInTheDocument();
    });

    it('switches to Nezha: its fields appear, the SCP sign-in and endpoints hide, SCP values stay', () => {
      const onChange = jest.fn();
      render(
        <Page
          initial={settings({ jsonData: { apiUrl: 'http://sim/scp-core' }, secureJsonFields: { refreshToken: true } })}
          onChange={onChange}
        />
      );
      fireEvent.click(screen.getByRole('radio', { name: 'Nezha' }));
      expect(onChange.mock.calls.at(-1)[0].jsonData).toEqual({ apiUrl: 'http://sim/scp-core', provider: 'nezha' });

      expect(screen.queryByRole('button', { name: 'Sign in with netcup' })).not.toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Revoke' })).not.toBeInTheDocument();
      expect(screen.queryByRole('textbox', { name: /^API URL/ })).not.toBeInTheDocument();
      expect(screen.queryByRole('textbox', { name: /^Auth URL/ })).not.toBeInTheDocument();
      expect(screen.queryByText('Raw access')).not.toBeInTheDocument();
      expect(screen.getByRole('textbox', { name: /^Dashboard URL/ })).toBeInTheDocument();
      expect(screen.getByRole('radio', { name: 'Auto' })).toBeChecked();
      expect(screen.getByText(/v1 dashboards have no API tokens/)).toBeInTheDocument();
      expect(screen.getByPlaceholderText('Paste the token')).toHaveValue('');
      expect(screen.getByRole('spinbutton', { name: /^Online threshold/ })).toBeInTheDocument();
      expect(screen.getByRole('spinbutton', { name: /^Max concurrency/ })).toBeInTheDocument();
      expect(screen.getByRole('spinbutton', { name: /^Timeout/ })).toBeInTheDocument();
      expect(screen.getByText(/Parallel calls to the Nezha dashboard/)).toBeInTheDocument();

      fireEvent.change(screen.getByRole('textbox', { name: /^Dashboard URL/ }), {
        target: { value: 'https://nezha.example.com' },
      });
      fireEvent.click(screen.getByRole('radio', { name: 'v2' }));
      fireEvent.change(screen.getByRole('spinbutton', { name: /^Online threshold/ }), { target: { value: '15' } });
      fireEvent.change(screen.getByRole('spinbutton', { name: /^Max concurrency/ }), { target: { value: '4' } });
      fireEvent.click(screen.getByRole('radio', { name: 'netcup SCP' }));
      const last = onChange.mock.calls.at(-1)[0];
      expect(last.jsonData).toEqual({
        provider: 'scp',
        apiUrl: 'http://sim/scp-core',
        nezhaUrl: 'https://nezha.example.com',
        nezhaApiVersion: 'v2',
        nezhaOnlineThresholdSeconds: 15,
        maxConcurrency: 4,
      });
      expect(last.secureJsonFields).toEqual({ refreshToken: true });
      // Back on SCP: its stored token and sign-in are there again.
      expect(screen.getByRole('button', { name: 'Sign in with netcup' })).toBeInTheDocument();
      expect(screen.getByDisplayValue('configured')).toBeInTheDocument();
    });

    it('says where each API version gets its token', () => {
      render(<Page initial={settings({ jsonData: { provider: 'nezha' } })} onChange={jest.fn()} />);
      fireEvent.click(screen.getByRole('radio', { name: 'v0' }));
      expect(screen.getByText(/API token from the avatar menu of the admin panel/)).toBeInTheDocument();
      expect(screen.queryByText(/nezha:server:read/)).not.toBeInTheDocument();
      fireEvent.click(screen.getByRole('radio', { name: 'v2' }));
      expect(
        screen.getByText(/personal access token .*nezha:inventory:read, nezha:server:read and nezha:service:read/)
      ).toBeInTheDocument();
    });

    it('writes a typed Nezha token to secureJsonData only', () => {
      const onChange = jest.fn();
      render(<Page initial={settings({ jsonData: { provider: 'nezha' } })} onChange={onChange} />);
      fireEvent.change(screen.getByPlaceholderText('Paste the token'), { target: { value: NEZHA_TOKEN } });
      const next = onChange.mock.calls.at(-1)[0];
      expect(next.secureJsonData).toEqual({ nezhaToken: NEZHA_TOKEN });
      expect(JSON.stringify(next.jsonData)).not.toContain(NEZHA_TOKEN);
    });

    it('never renders a stored Nezha token, and resets it', () => {
      const onChange = jest.fn();
      const view = render(
        <Page
          initial={settings({
            jsonData: { provider: 'nezha', nezhaUrl: 'https://nezha.example.com' },
            secureJsonFields: { nezhaToken: true },
            // What a save leaves in the page's state: the value must still never show.
            secureJsonData: { nezhaToken: NEZHA_TOKEN },
          })}
          onChange={onChange}
        />
      );
      expect(screen.getByDisplayValue('configured')).toBeInTheDocument();
      expect(view.container.innerHTML).not.toContain(NEZHA_TOKEN);
      fireEvent.click(screen.getByRole('button', { name: 'Reset' }));
      const next = onChange.mock.calls.at(-1)[0];
      expect(next.secureJsonFields.nezhaToken).toBe(false);
      expect(next.secureJsonData.nezhaToken).toBe('');
      expect(screen.getByPlaceholderText('Paste the token')).toHaveValue('');
    });
  });
});
