import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { DataSourceSettings } from '@grafana/data';

import { ConfigEditor } from './ConfigEditor';
import { ScpOptions, ScpSecureJsonData } from '../types';

function settings(overrides: Partial<DataSourceSettings<ScpOptions, ScpSecureJsonData>> = {}) {
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
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    jsonData: {},
    secureJsonFields: {},
    readOnly: false,
    withCredentials: false,
    ...overrides,
  } as DataSourceSettings<ScpOptions, ScpSecureJsonData>;
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

  it('edits the API URL in jsonData', () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);
    fireEvent.change(screen.getByRole('textbox', { name: /^API URL/ }), { target: { value: 'http://127.0.0.1:8085/scp-core' } });
    expect(onOptionsChange.mock.calls[0][0].jsonData.apiUrl).toBe('http://127.0.0.1:8085/scp-core');
  });
});
