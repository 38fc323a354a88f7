// `npm run test:server`: the language-server suite (test/server/) over stdio. It starts the
// built CLI (dist/cli.js), so it builds first; `--no-compile` skips tsc when the caller ran it.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
try {
  if (!process.argv.includes('--no-compile')) run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', '.']);
  run(process.execPath, [path.join(root, 'esbuild.js')]);
  run(process.execPath, [require.resolve('mocha/bin/mocha.js'), '--no-config', '--spec', 'out/test/server/**/*.test.js', '--timeout', '60000']);
} catch (e) {
  process.exit(typeof e.status === 'number' ? e.status : 1);
}
