import { ScopedVars } from '@grafana/data';
import { TemplateSrv } from '@grafana/runtime';

import { ScpQuery } from './types';

/** Values a multi-value variable may send for "All"; the backend then reads every server. */
const ALL_TOKENS = ['$__all', '__all', 'all', '*'];

/**
 * Interpolates a list in which an entry may be a multi-value variable: `$server` with three
 * servers picked becomes three entries. Empty entries are dropped, duplicates kept once.
 */
export function expandList(values: string[], scopedVars: ScopedVars, templateSrv: TemplateSrv): string[] {
  const out: string[] = [];
  for (const value of values) {
    const joined = templateSrv.replace(value, scopedVars, (v: string | string[]) =>
      Array.isArray(v) ? v.join(',') : v
    );
    for (const part of joined.split(',')) {
      const item = part.trim();
      if (item !== '' && !out.includes(item)) {
        out.push(item);
      }
    }
  }
  return out;
}

/** The query with dashboard and scoped variables applied to every field that may hold them. */
export function interpolateQuery(query: ScpQuery, scopedVars: ScopedVars, templateSrv: TemplateSrv): ScpQuery {
  const out: ScpQuery = { ...query };
  if (query.serverIds) {
    const ids = expandList(query.serverIds, scopedVars, templateSrv);
    if (ids.some((id) => ALL_TOKENS.includes(id.toLowerCase()))) {
      out.serverMode = 'all';
      delete out.serverIds;
    } else {
      out.serverIds = ids;
    }
  }
  if (query.tag) {
    // Several tags (a multi-value $tag) travel as "a,b"; the backend reads All as every server.
    const tags = expandList([query.tag], scopedVars, templateSrv);
    if (tags.length > 0) {
      out.tag = tags.join(',');
    } else {
      delete out.tag;
    }
  }
  if (query.serverRegex) {
    out.serverRegex = templateSrv.replace(query.serverRegex, scopedVars, 'regex');
  }
  if (query.taskStates) {
    out.taskStates = expandList(query.taskStates, scopedVars, templateSrv);
  }
  if (query.legendFormat) {
    out.legendFormat = templateSrv.replace(query.legendFormat, scopedVars);
  }
  if (query.path) {
    out.path = templateSrv.replace(query.path, scopedVars);
  }
  if (query.params) {
    out.params = Object.fromEntries(
      Object.entries(query.params).map(([name, value]) => [name, templateSrv.replace(value, scopedVars, 'csv')])
    );
  }
  return out;
}
