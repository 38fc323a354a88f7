// Bundles the extension (Node, `vscode` external), the CLI, the language server, the training
// worker, the webview, and the web extension for vscode.dev (dist/web/: the extension, its
// language server and its training Web Worker, all checked against Node built-ins).
// `--production` minifies; `--watch` rebuilds and prints problem-matcher style lines.
const { builtinModules } = require('node:module');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/**
 * Prints errors as `✘ [ERROR] message` + `    file:line:column:` and, in watch mode, one
 * `[watch] build started` / `[watch] build finished` pair around all targets together: the
 * first target starting opens it, and it closes only when no target is building and every
 * target has been built at least once. The background problem matcher in .vscode/tasks.json
 * ends at the first `finished` line, and F5 starts the Extension Development Host then —
 * so that line must not come before dist/extension.js (and every other bundle) is written.
 * test/unit/release/watch-task.test.ts runs the watch and checks this against tasks.json.
 */
const watchState = { building: new Set(), built: new Set(), open: false };
function problemMatcherPlugin(target) {
  return {
    name: 'problem-matcher',
    setup(build) {
      build.onStart(() => {
        if (!watch) return;
        watchState.building.add(target);
        if (!watchState.open) {
          watchState.open = true;
          console.log('[watch] build started');
        }
      });
      build.onEnd((result) => {
        for (const { text, location } of result.errors) {
          console.error(`✘ [ERROR] ${text}`);
          if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
        }
        if (!watch) return;
        watchState.building.delete(target);
        watchState.built.add(target);
        if (watchState.open && watchState.building.size === 0 && watchState.built.size === targets.length) {
          watchState.open = false;
          console.log('[watch] build finished');
        }
      });
    },
  };
}

/**
 * Fails a browser bundle that imports a Node built-in (fs, path, os, worker_threads, …, with
 * or without `node:`), naming the importer: VS Code for the Web has no Node to provide them.
 */
const noNodeBuiltinsPlugin = {
  name: 'no-node-builtins',
  setup(build) {
    // Built-in names are plain words (`fs`); sub-paths (`fs/promises`) are matched by the tail.
    const names = new Set(builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.replace(/^node:/, '').split('/')[0]));
    const filter = new RegExp(`^(node:)?(${[...names].join('|')})(/.*)?$`);
    build.onResolve({ filter }, (args) => ({
      errors: [{ text: `Node built-in '${args.path}' imported by ${args.importer || 'an entry point'}: the browser bundle must not use Node APIs` }],
    }));
  },
};

// The version in package.json, compiled into the bundles (the language server reports it as
// serverInfo.version): one place to change it.
const { version } = require('./package.json');

const common = {
  bundle: true,
  define: { NNET_VERSION: JSON.stringify(version) },
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
};

const targets = [
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    // The language server in its own Node process (the VS Code client starts it with --node-ipc).
    ...common,
    entryPoints: ['src/server/main.ts'],
    outfile: 'dist/server.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    // The training worker thread (src/node/training.ts starts it from beside dist/cli.js and dist/extension.js).
    ...common,
    entryPoints: ['src/node/train-worker.ts'],
    outfile: 'dist/train-worker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    // The web extension (package.json "browser"): VS Code for the Web runs it in a Web Worker.
    ...common,
    plugins: [noNodeBuiltinsPlugin],
    entryPoints: ['src/browser/extension.ts'],
    outfile: 'dist/web/extension.js',
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
  },
  {
    // The language server in a Web Worker (src/browser/extension.ts starts it from dist/web/):
    // the same server as dist/server.js, over the worker's messages.
    ...common,
    plugins: [noNodeBuiltinsPlugin],
    entryPoints: ['src/server/browser.ts'],
    outfile: 'dist/web/server.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    // The web extension's training Web Worker (src/browser/training.ts starts it from dist/web/).
    ...common,
    plugins: [noNodeBuiltinsPlugin],
    entryPoints: ['src/browser/train-worker.ts'],
    outfile: 'dist/web/train-worker.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    // The graph panel's webview (src/extension/graph-panel.ts loads both files from dist/webview/).
    ...common,
    entryPoints: { main: 'webview/main.ts', style: 'webview/style.css' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    tsconfig: 'webview/tsconfig.json',
  },
];

async function main() {
  // A production build starts from an empty dist/: no source maps left over from a dev build.
  if (production) require('fs').rmSync(require('path').join(__dirname, 'dist'), { recursive: true, force: true });
  const contexts = await Promise.all(targets.map((t) => esbuild.context({ ...t, plugins: [...(t.plugins ?? []), problemMatcherPlugin(t)] })));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  let failed = false;
  for (const c of contexts) {
    try {
      await c.rebuild();
    } catch {
      failed = true;
    }
    await c.dispose();
  }
  if (failed) process.exit(1);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

/**
 * Builds only the targets whose outfile is named (e.g. `dist/cli.js`), synchronously and as
 * above: the unit tests bundle the CLI and the training worker with it, so a half-edited
 * file elsewhere in the tree does not stop them.
 */
function buildSync(outfiles, root = __dirname) {
  const path = require('path');
  for (const outfile of outfiles) {
    const target = targets.find((t) => t.outfile === outfile);
    if (!target) throw new Error(`esbuild.js has no target ${outfile}`);
    const { plugins: _plugins, entryPoints, ...options } = target;
    esbuild.buildSync({
      ...options,
      entryPoints: entryPoints.map((e) => path.join(root, e)),
      outfile: path.join(root, outfile),
      // The problem-matcher plugin is for watch mode; a sync build reports errors itself.
      logLevel: 'silent',
    });
  }
}

module.exports = { targets, buildSync, noNodeBuiltinsPlugin, problemMatcherPlugin };
