import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

/** Query types answered by the backend. pkg/models/query.go mirrors this list; a Go test keeps them equal. */
export enum QueryType {
  Servers = 'servers',
}

export interface ScpQuery extends DataQuery {
  queryType?: QueryType;
}

export const DEFAULT_QUERY: Partial<ScpQuery> = {
  queryType: QueryType.Servers,
};

/** jsonData: visible to the browser, so it never holds a token. */
export interface ScpOptions extends DataSourceJsonData {
  apiUrl?: string;
  authUrl?: string;
  maxConcurrency?: number;
  timeoutSeconds?: number;
}

/** secureJsonData: write-only from the browser, read only by the backend. */
export interface ScpSecureJsonData {
  refreshToken?: string;
}

export const DEFAULT_API_URL = 'https://www.servercontrolpanel.de/scp-core';
export const DEFAULT_AUTH_URL = 'https://www.servercontrolpanel.de/realms/scp/protocol/openid-connect';
