#!/usr/bin/env node
// Mutation check: does the test suite notice when a behaviour breaks? Applies each change listed in
// scripts/mutations.js to src/ (one at a time), rebuilds, runs the test files the mutation names
// (or the whole suite with --all) and records whether a test failed ("caught") or all passed
// ("survived"). Exit code 1 if any survived (or a mutation no longer applies or does not build).
//
// It works on a copy of the repository in the system's temp directory (node_modules symlinked), so
// src/ and dist/ of this checkout are never touched: other test runs here go on undisturbed. The
// copy is deleted at the end, also on Ctrl-C or an error (unless --keep).
//
//   node scripts/mutate.js                       every mutation, each against its own test files
//   node scripts/mutate.js --only name[,name]    just these (repeatable)
//   node scripts/mutate.js --all                 each against the whole suite, as `npm test` runs it (slow: ~1 min each)
//   node scripts/mutate.js --list                print the mutations and exit
//   node scripts/mutate.js --no-baseline         skip the unmutated run of the tests first
//   node scripts/mutate.js --keep                leave the copy in place (its path is printed)
//   node scripts/mutate.js --timeout 300         seconds a test run may take (a hang counts as caught)
//
// Not part of `npm test` or CI: it takes several minutes. Run it after changing tests or src/.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const root = path.resolve(__dirname, '..');

function parseArgs(argv) {
  const a = { only: [], all: false, list: false, baseline: true, keep: false, timeout: 300 };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (x === '--only')
      a.only.push(
        ...String(argv[++i] || '')
          .split(',')
          .filter(Boolean),
      );
    else if (x.startsWith('--only=')) a.only.push(...x.slice(7).split(',').filter(Boolean));
    else if (x === '--all') a.all = true;
    else if (x === '--list') a.list = true;
    else if (x === '--no-baseline') a.baseline = false;
    else if (x === '--keep') a.keep = true;
    else if (x === '--timeout') a.timeout = Number(argv[++i]);
    else if (x === '-h' || x === '--help') {
      process.stdout.write(
        fs
          .readFileSync(__filename, 'utf8')
          .split('\n')
          .slice(1, 19)
          .map((l) => l.replace(/^\/\/ ?/, ''))
          .join('\n') + '\n',
      );
      process.exit(0);
    } else {
      console.error(`unknown option ${x} (see --help)`);
      process.exit(2);
    }
  }
  if (!(a.timeout > 0)) a.timeout = 300;
  return a;
}

const args = parseArgs(process.argv.slice(2));
const all = require('./mutations');

function checkList(list) {
  const names = new Set();
  for (const m of list) {
    for (const k of ['name', 'file', 'find', 'why'])
      if (typeof m[k] !== 'string' || !m[k]) throw new Error(`mutation ${m.name || '?'}: ${k} missing`);
    if (typeof m.replace !== 'string') throw new Error(`mutation ${m.name}: replace missing`);
    if (m.find === m.replace) throw new Error(`mutation ${m.name}: find and replace are the same`);
    if (!Array.isArray(m.tests) || !m.tests.length) throw new Error(`mutation ${m.name}: no tests named`);
    if (names.has(m.name)) throw new Error(`mutation ${m.name}: name used twice`);
    names.add(m.name);
  }
}
checkList(all);

if (args.list) {
  for (const m of all) console.log(`${m.name.padEnd(40)} ${m.file.padEnd(30)} ${m.why}`);
  console.log(`${all.length} mutations`);
  process.exit(0);
}

const unknown = args.only.filter((n) => !all.some((m) => m.name === n));
if (unknown.length) {
  console.error(`no such mutation: ${unknown.join(', ')} (see --list)`);
  process.exit(2);
}
const selected = args.only.length ? all.filter((m) => args.only.includes(m.name)) : all;

// ---- the copy
/** Top-level entries not copied: dependencies (symlinked instead), history, install and build output. */
const SKIP_TOP = new Set(['node_modules', '.git', '.test-installs', 'dist', 'screenshots']);
let work;
/** The file currently mutated in the copy, and its original text. */
let applied;
/** The running child process (a build or a test run), killed by its process group on interrupt. */
let child;
let interrupted = false;

function makeCopy() {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-mutate-'));
  for (const entry of fs.readdirSync(root)) {
    if (SKIP_TOP.has(entry)) continue;
    fs.cpSync(path.join(root, entry), path.join(work, entry), {
      recursive: true,
      // Nested node_modules (the test matrix installs) are not needed here.
      filter: (src) => path.basename(src) !== 'node_modules',
    });
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'), 'dir');
}

function restore() {
  if (!applied) return;
  fs.writeFileSync(applied.file, applied.original);
  applied = undefined;
}

function cleanup() {
  try {
    restore();
  } catch {
    /* the copy is removed below anyway */
  }
  if (work && !args.keep) {
    fs.rmSync(work, { recursive: true, force: true });
    work = undefined;
  } else if (work) {
    console.log(`copy kept at ${work}`);
  }
}

function killChild() {
  if (child && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${sig}: stopping, restoring and removing the copy`);
    killChild();
    cleanup();
    process.exit(130);
  });
}

/** Runs a command in the copy, in its own process group; resolves with { code, out, ms, timedOut }. */
function run(cmd, argv, { timeoutS = args.timeout, env = {} } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    let out = '';
    let timedOut = false;
    child = spawn(cmd, argv, {
      cwd: work,
      detached: true,
      env: { ...process.env, ...env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killChild();
    }, timeoutS * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      child = undefined;
      resolve({ code: code === null ? (signal ? 128 : 1) : code, out, ms: Date.now() - started, timedOut });
    });
  });
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const mochaBin = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');

function build() {
  return run(npm, ['run', 'build', '--silent'], { timeoutS: 180 });
}

/**
 * Runs test files, or the whole suite as `npm test` runs it (its own build first, then mocha with the
 * project's configuration); the first failure ends the run (--bail): one is enough to catch a mutation.
 */
async function runTests(files) {
  const report = path.join(work, '.mutate-report.json');
  fs.rmSync(report, { force: true });
  const mochaArgs = ['--bail', '--reporter', 'json', '--reporter-option', `output=${report}`];
  const r = files
    ? await run(process.execPath, [mochaBin, '--no-config', '--timeout', '20000', '--exit', ...mochaArgs, ...files])
    : await run(npm, ['test', '--silent', '--', ...mochaArgs], { timeoutS: Math.max(args.timeout, 600) });
  let failures = [];
  try {
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    failures = json.failures.map((f) => ({
      title: f.fullTitle,
      message: String((f.err && f.err.message) || '').split('\n')[0],
    }));
  } catch {
    /* no report: the run crashed or was killed */
  }
  return { ...r, failures };
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const clip = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

async function main() {
  const t0 = Date.now();
  makeCopy();
  console.log(`mutation check: ${selected.length} mutation(s), working in ${work}`);

  // Every mutation's text must still be in its file, exactly once.
  const stale = [];
  for (const m of selected) {
    const text = fs.readFileSync(path.join(work, m.file), 'utf8');
    const count = text.split(m.find).length - 1;
    if (count !== 1) stale.push(`${m.name}: its text occurs ${count} times in ${m.file}`);
  }
  if (stale.length) {
    console.error(
      `The mutation list no longer matches the source; update scripts/mutations.js:\n  ${stale.join('\n  ')}`,
    );
    return 2;
  }

  let b = await build();
  if (b.code !== 0) {
    console.error(`The unmutated source does not build:\n${b.out}`);
    return 2;
  }
  const testFiles = (m) => (args.all ? null : m.tests);
  if (args.baseline) {
    const files = args.all ? null : [...new Set(selected.flatMap((m) => m.tests))];
    process.stdout.write(`baseline: ${files ? files.length : 'all'} test file(s) unmutated ... `);
    const r = await runTests(files);
    if (r.code !== 0) {
      console.log('FAILED');
      console.error(
        r.failures.length ? r.failures.map((f) => `  ${f.title}: ${f.message}`).join('\n') : r.out.slice(-3000),
      );
      console.error('The tests fail without any mutation; a mutation check means nothing until they pass.');
      return 2;
    }
    console.log(`passed (${seconds(r.ms)})`);
  }

  const results = [];
  for (const [i, m] of selected.entries()) {
    const file = path.join(work, m.file);
    const original = fs.readFileSync(file, 'utf8');
    const started = Date.now();
    let result;
    process.stdout.write(`[${i + 1}/${selected.length}] ${m.name} ... `);
    try {
      applied = { file, original };
      fs.writeFileSync(
        file,
        original.replace(m.find, () => m.replace),
      );
      b = await build();
      if (b.code !== 0) {
        const err = (b.out.match(/error TS\d+:[^\n]*/) || [b.out.trim().split('\n').pop()])[0];
        result = { status: 'no build', detail: clip(err, 100) };
      } else {
        const r = await runTests(testFiles(m));
        if (r.timedOut) result = { status: 'caught', detail: `the tests hung (killed after ${args.timeout} s)` };
        else if (r.code !== 0) {
          const f = r.failures[0];
          result = { status: 'caught', detail: f ? clip(f.title, 100) : `test run exited with ${r.code}` };
        } else result = { status: 'survived', detail: `${m.tests.map((t) => path.basename(t)).join(', ')} all passed` };
      }
    } finally {
      restore();
    }
    result.ms = Date.now() - started;
    results.push({ m, ...result });
    console.log(`${result.status} (${seconds(result.ms)})`);
  }
  // Leave the copy's dist/ as the source says (matters only with --keep).
  if (args.keep) await build();

  const w = Math.max(...results.map((r) => r.m.name.length), 8);
  console.log(`\n${'mutation'.padEnd(w)}  ${'result'.padEnd(8)}  ${'time'.padStart(7)}  caught by / note`);
  console.log(`${'-'.repeat(w)}  --------  -------  ${'-'.repeat(40)}`);
  for (const r of results)
    console.log(`${r.m.name.padEnd(w)}  ${r.status.padEnd(8)}  ${seconds(r.ms).padStart(7)}  ${r.detail}`);
  const caught = results.filter((r) => r.status === 'caught').length;
  const survived = results.filter((r) => r.status === 'survived');
  const broken = results.filter((r) => r.status === 'no build');
  console.log(
    `\n${caught} caught, ${survived.length} survived${broken.length ? `, ${broken.length} did not build` : ''} (${seconds(Date.now() - t0)} in all)`,
  );
  for (const r of survived) console.log(`  survived: ${r.m.name}: ${r.m.why} (${r.m.file})`);
  for (const r of broken) console.log(`  did not build: ${r.m.name}: ${r.detail}`);
  return survived.length || broken.length ? 1 : 0;
}

main()
  .then((code) => {
    cleanup();
    process.exit(code);
  })
  .catch((err) => {
    killChild();
    cleanup();
    console.error(err && err.stack ? err.stack : err);
    process.exit(2);
  });
