import React, { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ThemeContext, createTheme } from '@grafana/data';
import { setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import { GlobalStyles } from '@grafana/ui';

import { ConfigEditor } from '../../../src/components/ConfigEditor';
import { QueryEditor } from '../../../src/components/QueryEditor';
import { DataSource } from '../../../src/datasource';
import { AnnotationPage } from './AnnotationPage';
import { ArtefactPage } from './ArtefactPage';
import { ConfigPage } from './ConfigPage';
import { QueryPage } from './QueryPage';
import { Shell } from './Shell';
import { VariablePage } from './VariablePage';
import { pageBackendSrv } from './backendSrv';
import { loadDataSource } from './dataSource';
import { pageTemplateSrv } from './templateSrv';

declare global {
  interface Window {
    __grafana_public_path__?: string;
  }
}

// Icons load from <public path>build/img/icons, which the page build copies from @grafana/ui.
window.__grafana_public_path__ = '/public/';
setBackendSrv(pageBackendSrv);
setTemplateSrv(pageTemplateSrv({ server: ['$__all'] }));

const theme = createTheme({ colors: { mode: 'dark' } });

/**
 * The editors from the plugin's sources: #/query, #/variable, #/annotation (each with ?uid=<uid>,
 * default scp), #/config?uid=<uid>. The built plugin, loaded as Grafana loads it: #/artefact and
 * #/artefact-config?uid=<uid>.
 */
function useRoute() {
  const [hash, setHash] = useState(window.location.hash || '#/query');
  useEffect(() => {
    const onChange = () => setHash(window.location.hash || '#/query');
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const [path, search] = hash.slice(1).split('?');
  return { path, params: new URLSearchParams(search) };
}

function App() {
  const { path, params } = useRoute();
  const uid = params.get('uid') ?? 'scp';
  const [datasource, setDataSource] = useState<DataSource | undefined>();
  const fromSources = !path.startsWith('/artefact') && path !== '/config';
  useEffect(() => {
    if (fromSources) {
      loadDataSource(uid, DataSource).then(setDataSource);
    }
  }, [fromSources, uid]);

  if (path === '/config') {
    return (
      <Shell title="Config page">
        <ConfigPage key={uid} uid={uid} editor={ConfigEditor} />
      </Shell>
    );
  }
  if (path.startsWith('/artefact')) {
    const view = path === '/artefact-config' ? 'config' : 'query';
    return (
      <Shell title={`Built plugin, ${view === 'config' ? 'config page' : 'query editor'}`}>
        <ArtefactPage key={`${view}-${uid}`} uid={uid} view={view} />
      </Shell>
    );
  }
  if (!datasource || datasource.uid !== uid) {
    return null;
  }
  switch (path) {
    case '/variable':
      return (
        <Shell title="Variable editor">
          <VariablePage datasource={datasource} />
        </Shell>
      );
    case '/annotation':
      return (
        <Shell title="Annotation editor">
          <AnnotationPage datasource={datasource} />
        </Shell>
      );
    default:
      return (
        <Shell title="Query editor">
          <QueryPage datasource={datasource} editor={QueryEditor} />
        </Shell>
      );
  }
}

createRoot(document.getElementById('root')!).render(
  <ThemeContext.Provider value={theme}>
    <GlobalStyles />
    <App />
  </ThemeContext.Provider>
);
