import CopyWebpackPlugin from 'copy-webpack-plugin';
import path from 'path';
import type { Configuration } from 'webpack';

// Builds the browser-test page: the plugin's real editors with @grafana/* bundled in (in
// Grafana they are provided by the host). Development mode: fast to build, easy to debug.
const root = path.resolve(__dirname, '../../..');

const config: Configuration = {
  mode: 'development',
  devtool: false,
  context: root,
  entry: './tests/browser/page/main.tsx',
  output: {
    path: path.join(root, 'tests/browser/page/dist'),
    filename: 'page.js',
    publicPath: '/',
    clean: true,
  },
  cache: { type: 'filesystem', cacheDirectory: path.join(root, 'node_modules/.cache/browser-page') },
  resolve: {
    extensions: ['.js', '.jsx', '.ts', '.tsx', '.mjs', '.json'],
    modules: [path.join(root, 'src'), 'node_modules'],
  },
  module: {
    rules: [
      {
        test: /\.[tj]sx?$/,
        exclude: /node_modules/,
        use: {
          loader: 'swc-loader',
          options: {
            jsc: {
              target: 'es2020',
              parser: { syntax: 'typescript', tsx: true },
            },
          },
        },
      },
      { test: /\.m?js$/, resolve: { fullySpecified: false } },
      { test: /\.css$/, use: ['style-loader', 'css-loader'] },
      { test: /\.(png|jpe?g|gif|svg|woff2?|ttf|eot)$/, type: 'asset/resource' },
    ],
  },
  plugins: [
    new CopyWebpackPlugin({
      patterns: [
        { from: 'tests/browser/page/index.html' },
        { from: 'node_modules/@grafana/ui/dist/public/img/icons', to: 'public/build/img/icons' },
      ],
    }),
  ],
  performance: { hints: false },
  stats: 'errors-warnings',
};

export default config;
