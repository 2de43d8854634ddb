'use strict';
// What every section prints with its figures, and small helpers.
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');

function nodeRedVersion() {
  try {
    return JSON.parse(fs.readFileSync(require.resolve('node-red/package.json', { paths: [root] }), 'utf8')).version;
  } catch {
    const red = require.resolve('node-red/red.js', { paths: [root] });
    return JSON.parse(fs.readFileSync(path.join(path.dirname(red), 'package.json'), 'utf8')).version;
  }
}

function machine() {
  let model = os.cpus()[0]?.model || 'unknown CPU';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) model = m[1].trim();
  } catch {
    /* not Linux */
  }
  return `${model}, ${os.cpus().length} cores`;
}

/** The line each section prints under its title: date, Node.js, Node-RED, machine. */
function context() {
  const d = new Date();
  return `   ${d.toISOString().replace('T', ' ').slice(0, 16)} UTC · Node.js ${process.version} · Node-RED ${nodeRedVersion()} · ${machine()}`;
}

function heading(title) {
  console.log(`\n== ${title}`);
  console.log(context());
}

function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mb = (b) => `${(b / 1048576).toFixed(1)} MB`;

/** A number from the environment, or the default. */
function envNumber(name, dflt) {
  const v = Number(process.env[name]);
  return process.env[name] !== undefined && process.env[name] !== '' && Number.isFinite(v) ? v : dflt;
}

/** A list of numbers from the environment ("10000,100000"), or the default. */
function envList(name, dflt) {
  const v = process.env[name];
  if (!v) return dflt;
  const list = v
    .split(',')
    .map((x) => Number(x.trim()))
    .filter((x) => Number.isFinite(x) && x > 0);
  return list.length ? list : dflt;
}

/** Prints a markdown table: `head` the header cells, `rows` arrays of cells. */
function markdownTable(head, rows) {
  const all = [head, ...rows].map((r) => r.map(String));
  const widths = head.map((_, i) => Math.max(3, ...all.map((r) => r[i].length)));
  const line = (r) => `   | ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(all[0]));
  console.log(`   |${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of all.slice(1)) console.log(line(r));
}

module.exports = {
  heading,
  context,
  median,
  sleep,
  mb,
  envNumber,
  envList,
  markdownTable,
  nodeRedVersion,
  machine,
  root,
};
