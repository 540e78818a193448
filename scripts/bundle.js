// Prints the size of the built dist/module.js and fails when its source map shows code from a
// package Grafana provides at run time (the scaffold's webpack externals): such code was pulled
// in through a path webpack does not treat as external (e.g. 'rxjs/operators') and would run as
// a second copy beside Grafana's. Run after `webpack --env production` (npm run build does).
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

// The scaffold's list of what Grafana provides, read from its TypeScript source.
require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
const { externals } = require('../.config/bundler/externals.ts');

const dist = path.resolve(__dirname, '../dist');

/** The npm package a source of the map comes from, or undefined for the plugin's own code. */
/** @param {string} source */
function packageOf(source) {
  return source.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//)?.[1];
}

/** Whether webpack leaves an import of the package to Grafana (a string or regex external). */
/** @param {string} pkg */
function providedByGrafana(pkg) {
  return (Array.isArray(externals) ? externals : [externals]).some((external) =>
    typeof external === 'string' ? external === pkg : external instanceof RegExp && external.test(pkg)
  );
}

const kib = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

const bundle = fs.readFileSync(path.join(dist, 'module.js'));
/** @type {{ sources: string[], sourcesContent?: Array<string | null> }} */
const map = JSON.parse(fs.readFileSync(path.join(dist, 'module.js.map'), 'utf8'));
const bundled = new Map();
map.sources.forEach((source, i) => {
  const pkg = packageOf(source);
  if (pkg) {
    bundled.set(pkg, (bundled.get(pkg) ?? 0) + (map.sourcesContent?.[i]?.length ?? 0));
  }
});

console.log(`dist/module.js: ${kib(bundle.length)} (gzip ${kib(zlib.gzipSync(bundle).length)})`);
console.log(
  bundled.size === 0
    ? 'bundled npm packages: none'
    : `bundled npm packages: ${[...bundled].map(([pkg, chars]) => `${pkg} (${kib(chars)} of source)`).join(', ')}`
);
const provided = [...bundled.keys()].filter(providedByGrafana);
if (provided.length > 0) {
  console.error(
    `dist/module.js bundles code Grafana provides: ${provided.join(', ')}. Import these packages by their external entry (e.g. 'rxjs', not 'rxjs/operators').`
  );
  process.exit(1);
}
