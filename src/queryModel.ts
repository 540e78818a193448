import { CoreApp } from '@grafana/data';

import { DEFAULT_LIMIT, METRIC_KINDS, NEZHA_METRICS } from './fields';
import { queryTypeInfo } from './queryTypes';
import { DEFAULT_NEZHA_QUERY, DEFAULT_QUERY, Provider, QueryType, ScpQuery } from './types';

/**
 * The default for a new query: the provider's server status, at once a useful panel, and for
 * alert rules a numeric field (running, or online for Nezha).
 */
export function defaultQuery(app?: CoreApp | string, provider: Provider = 'scp'): Partial<ScpQuery> {
  const base = provider === 'nezha' ? DEFAULT_NEZHA_QUERY : DEFAULT_QUERY;
  if (app === CoreApp.UnifiedAlerting) {
    return { ...base, field: provider === 'nezha' ? 'online' : 'running' };
  }
  return base;
}

/** The metric kept when switching to a type with a metric: the old one if the type knows it. */
function metricFor(queryType: QueryType, metric: ScpQuery['metric']): ScpQuery['metric'] {
  const known = queryType === QueryType.NezhaMetrics ? NEZHA_METRICS : METRIC_KINDS;
  return known.some((m) => m.value === metric) ? metric : 'cpu';
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
  if (info.provider === 'nezha' && query.tag) {
    next.tag = query.tag;
  }
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
    case QueryType.NezhaMetrics:
      next.metric = metricFor(queryType, query.metric);
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
