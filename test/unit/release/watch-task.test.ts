// F5 from a fresh clone: .vscode/launch.json starts the Extension Development Host after the
// `npm: watch` task of .vscode/tasks.json, a background task whose problem matcher decides when
// the first build is done. These tests run that task's real command (`node esbuild.js --watch`)
// and apply the task's own patterns (read from the JSON with comments) to its output, the way
// VS Code's background matcher does: active from the start (`activeBegins`), done at the first
// line matching `endsPattern`. The host must not start before every bundle is written.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { ROOT } from '../helpers';

interface Pattern {
  regexp: string;
  message?: number;
  file?: number;
  line?: number;
  column?: number;
}
interface Task {
  type: string;
  script?: string;
  label?: string;
  isBackground?: boolean;
  problemMatcher?: {
    pattern: Pattern[];
    fileLocation?: string;
    background: { activeBegins?: boolean; beginsPattern: { regexp: string }; endsPattern: { regexp: string } };
  };
}
interface Target {
  outfile?: string;
  outdir?: string;
  entryPoints: string[] | Record<string, string>;
}

/** A JSON file with comments, as VS Code reads .vscode/*.json. */
function readJsonc<T>(file: string): T {
  const parsed = ts.parseConfigFileTextToJson(file, fs.readFileSync(file, 'utf8'));
  if (parsed.error) throw new Error(`${file}: ${ts.flattenDiagnosticMessageText(parsed.error.messageText, '\n')}`);
  return parsed.config as T;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const build = require(path.join(ROOT, 'esbuild.js')) as { targets: Target[]; problemMatcherPlugin: (target: object) => import('esbuild').Plugin };
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const launch = readJsonc<{ configurations: { type: string; preLaunchTask?: string; args?: string[] }[] }>(path.join(ROOT, '.vscode', 'launch.json'));
const tasks = readJsonc<{ tasks: Task[] }>(path.join(ROOT, '.vscode', 'tasks.json'));

/** The files each esbuild target writes. */
function outputs(): string[] {
  return build.targets.flatMap((t) =>
    t.outfile ? [t.outfile] : Object.keys(t.entryPoints).map((name) => `${t.outdir}/${name}${/\.css$/.test((t.entryPoints as Record<string, string>)[name]) ? '.css' : '.js'}`),
  );
}

function watchTask(): Task {
  const names = new Set(launch.configurations.map((c) => c.preLaunchTask));
  assert.equal(names.size, 1, 'every launch configuration builds with the same task');
  const label = [...names][0];
  const task = tasks.tasks.find((t) => (t.label ?? `${t.type}: ${t.script}`) === label);
  assert.ok(task, `tasks.json has the preLaunchTask ${label}`);
  return task;
}

describe('release: F5 (launch.json, the watch task and its problem matcher)', function () {
  this.timeout(180000);

  it('launches an Extension Development Host of this folder after the npm watch task', () => {
    assert.ok(launch.configurations.length > 0);
    for (const c of launch.configurations) {
      assert.equal(c.type, 'extensionHost');
      assert.ok(c.args?.includes('--extensionDevelopmentPath=${workspaceFolder}'), JSON.stringify(c.args));
    }
    const task = watchTask();
    assert.equal(task.type, 'npm');
    assert.equal(pkg.scripts[task.script!], 'node esbuild.js --watch');
    assert.equal(task.isBackground, true);
    assert.equal(task.problemMatcher?.background.activeBegins, true);
  });

  it("ends the task's first build only after every bundle is written (running the real watch)", async () => {
    const matcher = watchTask().problemMatcher!;
    const begins = new RegExp(matcher.background.beginsPattern.regexp);
    const ends = new RegExp(matcher.background.endsPattern.regexp);
    const files = outputs();
    assert.ok(files.includes('dist/extension.js') && files.length === build.targets.length + 1, files.join(', '));
    // Old bundles are moved aside so that only this run's can be found (put back if the test fails early).
    const aside = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-watch-'));
    const saved = files.filter((f) => fs.existsSync(path.join(ROOT, f)));
    saved.forEach((f, i) => fs.renameSync(path.join(ROOT, f), path.join(aside, String(i))));
    const [command, ...args] = pkg.scripts.watch.split(' ');
    assert.equal(command, 'node');
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let missingAtEnd: string[] | undefined;
    let beganBeforeEnd = false;
    try {
      await new Promise<void>((resolve, reject) => {
        let rest = '';
        const onData = (chunk: Buffer): void => {
          const text = rest + chunk.toString('utf8');
          const parts = text.split(/\r?\n/);
          rest = parts.pop() ?? '';
          for (const line of parts) {
            lines.push(line);
            if (missingAtEnd !== undefined) continue;
            if (begins.test(line)) beganBeforeEnd = true;
            if (ends.test(line)) {
              // This is when VS Code starts the Extension Development Host.
              missingAtEnd = files.filter((f) => !fs.existsSync(path.join(ROOT, f)));
              resolve();
            }
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.on('exit', (code) => reject(new Error(`the watch exited (${code}) before its end pattern:\n${lines.join('\n')}`)));
        child.on('error', reject);
      });
      // A little longer: no second "finished" may follow for this first build.
      await new Promise((r) => setTimeout(r, 3000));
    } finally {
      child.kill();
      for (const f of saved) if (!fs.existsSync(path.join(ROOT, f))) fs.renameSync(path.join(aside, String(saved.indexOf(f))), path.join(ROOT, f));
      fs.rmSync(aside, { recursive: true, force: true });
    }
    assert.ok(beganBeforeEnd, `a begin line before the end line:\n${lines.join('\n')}`);
    assert.deepEqual(missingAtEnd, [], `bundles not yet written when the task's first build ended:\n${lines.join('\n')}`);
    assert.equal(lines.filter((l) => ends.test(l)).length, 1, `one end line for the first build of ${build.targets.length} targets:\n${lines.join('\n')}`);
    assert.equal(lines.filter((l) => begins.test(l)).length, 1, `one begin line:\n${lines.join('\n')}`);
  });

  it("turns a build error into a problem at the file's line and column", async () => {
    const matcher = watchTask().problemMatcher!;
    const [first, second] = matcher.pattern.map((p) => ({ ...p, re: new RegExp(p.regexp) }));
    const dir = fs.mkdtempSync(path.join(ROOT, 'out', 'watch-error-'));
    const file = path.join(dir, 'broken.ts');
    fs.writeFileSync(file, 'export const a = 1;\nexport const b = (;\n');
    const printed: string[] = [];
    const original = console.error;
    console.error = (...parts: unknown[]) => printed.push(parts.join(' '));
    try {
      const esbuild = require('esbuild') as typeof import('esbuild'); // eslint-disable-line @typescript-eslint/no-require-imports
      await assert.rejects(esbuild.build({ entryPoints: [file], bundle: true, write: false, logLevel: 'silent', absWorkingDir: ROOT, plugins: [build.problemMatcherPlugin({})] }));
    } finally {
      console.error = original;
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const at = printed.findIndex((l) => first.re.test(l));
    assert.ok(at >= 0 && at + 1 < printed.length, printed.join('\n'));
    const message = first.re.exec(printed[at])!;
    const location = second.re.exec(printed[at + 1]);
    assert.ok(location, `the location line matches: ${printed[at + 1]}`);
    assert.match(message[first.message!], /Unexpected/);
    // fileLocation "relative": the path is relative to the workspace folder (the repository).
    assert.equal(matcher.fileLocation, 'relative');
    assert.equal(path.resolve(ROOT, location[second.file!]), file);
    assert.equal(location[second.line!], '2');
    assert.ok(Number(location[second.column!]) >= 17, location[second.column!]);
  });
});
