import React, { ChangeEvent, ReactNode } from 'react';
import { Field, SecretInput, Stack } from '@grafana/ui';

interface Props {
  /** A token is stored, or one was just obtained by signing in: either way it is never shown. */
  isConfigured: boolean;
  value: string;
  onChange: (value: string) => void;
  onReset: () => void;
  /** Actions on the stored token, shown beside the input. */
  children?: ReactNode;
}

export function TokenField({ isConfigured, value, onChange, onReset, children }: Props) {
  return (
    <Field
      label="Refresh token"
      htmlFor="config-refresh-token"
      description="The netcup SCP offline refresh token. It is stored encrypted and only the backend reads it. Sign in below, or paste one."
    >
      <Stack gap={1}>
        <SecretInput
          id="config-refresh-token"
          isConfigured={isConfigured}
          value={isConfigured ? '' : value}
          placeholder="Paste a refresh token"
          width={60}
          onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
          onReset={onReset}
        />
        {children}
      </Stack>
    </Field>
  );
}
