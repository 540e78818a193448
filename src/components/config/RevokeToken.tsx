import React, { useState } from 'react';
import { Button, ConfirmModal, Stack, Text } from '@grafana/ui';

import { errorMessage } from '../../backendError';
import { deviceApi } from './deviceApi';

export interface RevokeResult {
  ok: boolean;
  message: string;
}

interface Props {
  uid: string;
  /** Nothing is stored to revoke. */
  disabled: boolean;
  /** After netcup answered; on success the caller clears the secret field. */
  onResult: (result: RevokeResult) => void;
}

/** Why Revoke is disabled; shown beside it, since a disabled button shows no tooltip. */
export const NOTHING_TO_REVOKE = 'No token is saved, so there is nothing to revoke.';

/** Revokes the stored refresh token at netcup, after a confirmation. */
export function RevokeToken({ uid, disabled, onResult }: Props) {
  const [open, setOpen] = useState(false);

  const revoke = async () => {
    try {
      const rsp = await deviceApi.revoke(uid);
      onResult({ ok: true, message: rsp.message });
    } catch (err) {
      onResult({ ok: false, message: errorMessage(err) });
    } finally {
      setOpen(false);
    }
  };

  return (
    <Stack alignItems="center" gap={1}>
      <Button
        variant="destructive"
        fill="outline"
        icon="trash-alt"
        disabled={disabled}
        tooltip={disabled ? undefined : 'Make netcup reject the stored refresh token'}
        onClick={() => setOpen(true)}
      >
        Revoke
      </Button>
      {disabled && (
        <Text variant="bodySmall" color="secondary">
          {NOTHING_TO_REVOKE}
        </Text>
      )}
      <ConfirmModal
        isOpen={open}
        title="Revoke the stored token?"
        body="netcup will stop accepting the stored refresh token. Dashboards and alert rules that use this data source fail until you sign in again."
        confirmText="Revoke"
        onConfirm={revoke}
        onDismiss={() => setOpen(false)}
      />
    </Stack>
  );
}
