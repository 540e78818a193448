import { CoreApp } from '@grafana/data';

import { DEFAULT_LIMIT } from './fields';
import { queryTypeInfo } from './queryTypes';
import { DEFAULT_QUERY, QueryType, ScpQuery } from './types';

/** The default for a new query: a useful panel at once, and for alert rules a numeric one. */
export function defaultQuery(app?: CoreApp | string): Partial<ScpQuery> {
  if (app === CoreApp.UnifiedAlerting) {
    return { ...DEFAULT_QUERY, field: 'running' };
  }
  return DEFAULT_QUERY;
}

/**
 * A query switched to another type: the fields that no longer apply are dropped, so the
 * saved JSON never carries settings the new type would silently ignore.
 */
export function withQueryType(query: ScpQuery, queryType: QueryType): ScpQuery {
  const { refId, datasource, hide, key } = query;
  const next: ScpQuery = { refId, queryType };
  if (datasource !== undefined) {
    next.datasource = datasource;
  }
  if (hide !== undefined) {
    next.hide = hide;
  }
  if (key !== undefined) {
    next.key = key;
  }
  const info = queryTypeInfo(queryType);
  if (info.servers !== 'none') {
    next.serverMode = query.serverMode ?? 'all';
    if (next.serverMode === 'ids' && query.serverIds) {
      next.serverIds = query.serverIds;
    }
    if (next.serverMode === 'regex' && query.serverRegex !== undefined) {
      next.serverRegex = query.serverRegex;
    }
  }
  if (info.legend && query.legendFormat) {
    next.legendFormat = query.legendFormat;
  }
  switch (queryType) {
    case QueryType.Metrics:
      next.metric = query.metric ?? 'cpu';
      break;
    case QueryType.Tasks:
      next.limit = query.limit ?? DEFAULT_LIMIT;
      break;
    case QueryType.Logs:
      next.logSource = query.logSource ?? 'server';
      next.limit = query.limit ?? DEFAULT_LIMIT;
      break;
    case QueryType.Variable:
      next.variableKind = query.variableKind ?? 'servers';
      break;
  }
  return next;
}
