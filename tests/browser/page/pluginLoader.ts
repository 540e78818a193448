// Loads the built plugin (dist/module.js, an AMD module) the way Grafana does: through SystemJS
// with its AMD extra, the plugin's externals resolved through an import map to the packages
// this page provides, registered under `package:` URLs as Grafana registers its own.
import 'systemjs/dist/system.js';
import 'systemjs/dist/extras/amd.js';
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import * as i18next from 'i18next';
import * as lodash from 'lodash';
import * as moment from 'moment';
import * as react from 'react';
import * as reactDom from 'react-dom';
import * as jsxRuntime from 'react/jsx-runtime';
import * as rxjs from 'rxjs';

import pluginJson from '../../../src/plugin.json';

/**
 * The scaffold's webpack externals (.config/bundler/externals.ts) that this page can provide:
 * the legacy ones (angular, slate, d3, jquery …) are left out, so a module that needs them fails
 * to load here.
 */
const SHARED: Record<string, object> = {
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  '@grafana/data': grafanaData,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/ui': grafanaUi,
  i18next,
  lodash,
  moment,
  react,
  'react-dom': reactDom,
  'react/jsx-runtime': jsxRuntime,
  rxjs,
};

export const MODULE_URL = `/public/plugins/${pluginJson.id}/module.js`;

let shared = false;

/** Registers the shared packages once, then imports the plugin's module.js. */
export function importPluginModule(): Promise<System.Module> {
  if (!shared) {
    const imports: Record<string, string> = {};
    for (const [name, module] of Object.entries(SHARED)) {
      System.set(`package:${name}`, module);
      imports[name] = `package:${name}`;
    }
    System.addImportMap({ imports });
    shared = true;
  }
  return System.import(MODULE_URL);
}
