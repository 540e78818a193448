import React from 'react';
import { InlineField, MultiCombobox } from '@grafana/ui';

import type { DataSource } from '../../datasource';
import { ScpQuery } from '../../types';
import { useTagOptions, variableOptions } from './useServerOptions';

interface Props {
  datasource: DataSource;
  query: ScpQuery;
  onChange: (patch: Partial<ScpQuery>) => void;
}

/** Splits the stored "a,b" into the picked tags. */
function pickedTags(tag: string | undefined): string[] {
  return (tag ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

/**
 * Narrows a Nezha query to servers with one of the tags (v0) or in one of the groups (v2),
 * before the server selection applies. Empty means every server.
 */
export function TagField({ datasource, query, onChange }: Props) {
  const tags = useTagOptions(datasource);
  const id = `${query.refId}-tag`;
  return (
    <InlineField
      label="Tag"
      labelWidth={14}
      htmlFor={id}
      tooltip="Only servers with one of these v0 tags or in one of these v2 groups; empty for every server. A $variable works too."
      invalid={Boolean(tags.error)}
      error={tags.error && `Cannot list tags: ${tags.error}`}
      loading={tags.loading}
    >
      <MultiCombobox<string>
        id={id}
        width="auto"
        minWidth={30}
        maxWidth={80}
        placeholder="All tags"
        options={[...variableOptions(), ...tags.options]}
        value={pickedTags(query.tag)}
        createCustomValue
        customValueDescription="Use this tag or variable"
        onChange={(picked) => onChange({ tag: picked.length ? picked.map((o) => o.value).join(',') : undefined })}
      />
    </InlineField>
  );
}
