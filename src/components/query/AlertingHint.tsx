import React from 'react';
import { Alert } from '@grafana/ui';

import { alertingProblem } from '../../queryTypes';
import { ScpQuery } from '../../types';

/** In the alert-rule editor, says why a query cannot feed the rule and what would. */
export function AlertingHint({ query }: { query: ScpQuery }) {
  const problem = alertingProblem(query);
  if (!problem) {
    return null;
  }
  return (
    <Alert severity="warning" title="Not for alerts" topSpacing={1} bottomSpacing={0}>
      {problem}
    </Alert>
  );
}
