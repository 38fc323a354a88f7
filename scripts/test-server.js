// `npm run test:server`: the language-server suite (test/server/) over stdio; with `--neovim`
// (`npm run test:neovim`) the headless Neovim suite (test/neovim/) instead. Both start the
// built CLI (dist/cli.js), so this builds first; `--no-compile` skips tsc when the caller ran it.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
const suite = process.argv.includes('--neovim') ? 'out/test/neovim/**/*.test.js' : 'out/test/server/**/*.test.js';
try {
  if (!process.argv.includes('--no-compile')) run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', '.']);
  run(process.execPath, [path.join(root, 'esbuild.js')]);
  run(process.execPath, [require.resolve('mocha/bin/mocha.js'), '--no-config', '--spec', suite, '--timeout', '120000']);
} catch (e) {
  process.exit(typeof e.status === 'number' ? e.status : 1);
}
