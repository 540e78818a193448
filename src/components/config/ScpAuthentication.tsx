import React, { useEffect, useRef, useState } from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Alert, Field, FieldSet } from '@grafana/ui';

import { ScpOptions, ScpSecureJsonData } from '../../types';
import { DeviceSignIn } from './DeviceSignIn';
import { RevokeResult, RevokeToken } from './RevokeToken';
import { TokenField } from './TokenField';

type Props = DataSourcePluginOptionsEditorProps<ScpOptions, ScpSecureJsonData>;

/** The netcup SCP refresh token: pasted, or obtained by signing in with netcup; revocable. */
export function ScpAuthentication(props: Props) {
  const { options, onOptionsChange } = props;
  const { secureJsonFields, secureJsonData } = options;
  // A token obtained by signing in is treated like a stored one: never rendered, only reset.
  const [signedIn, setSignedIn] = useState(false);
  const [revoked, setRevoked] = useState<RevokeResult | undefined>();
  // The sign-in finishes asynchronously; it must extend the settings as they are by then.
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });

  const setToken = (refreshToken: string) => {
    const { options: current, onOptionsChange: change } = latest.current;
    change({
      ...current,
      secureJsonFields: { ...current.secureJsonFields, refreshToken: false },
      secureJsonData: { ...current.secureJsonData, refreshToken },
    });
  };
  const onSignedIn = (token: string) => {
    setSignedIn(true);
    setRevoked(undefined);
    setToken(token);
  };
  const onReset = () => {
    setSignedIn(false);
    setToken('');
  };
  const onRevoked = (result: RevokeResult) => {
    setRevoked(result);
    if (result.ok) {
      onReset();
    }
  };
  const stored = Boolean(secureJsonFields?.refreshToken);

  return (
    <FieldSet label="Authentication">
      <TokenField
        isConfigured={stored || signedIn}
        value={secureJsonData?.refreshToken ?? ''}
        onChange={(token) =>
          onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, refreshToken: token } })
        }
        onReset={onReset}
      >
        <RevokeToken uid={options.uid} disabled={!stored} onResult={onRevoked} />
      </TokenField>
      {revoked && (
        <Alert
          severity={revoked.ok ? 'success' : 'error'}
          title={revoked.ok ? 'Token revoked' : 'Revoking failed'}
          onRemove={() => setRevoked(undefined)}
        >
          {revoked.message}
        </Alert>
      )}
      <Field
        label="Sign in with netcup"
        description="Approve access with your netcup SCP login; Grafana gets an offline token for this data source, no script needed."
      >
        <DeviceSignIn uid={options.uid} saved={stored} onToken={onSignedIn} />
      </Field>
    </FieldSet>
  );
}
