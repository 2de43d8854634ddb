'use strict';
const { NodeRed } = require('./lib/nodered');
const { startServer } = require('./lib/server');
const { holdBenchFlows } = require('./hold');
const { Uplink } = require('../scripts/uplink');
(async () => {
  const variant = process.argv[2] || 'hold';
  const c = Number(process.argv[3] || 1);
  const n = Number(process.argv[4] || 5000);
  const server = await startServer();
  const uplink = await Uplink.start(server.url);
  const nr = await NodeRed.start();
  try {
    await nr.deploy(holdBenchFlows(uplink.url));
    await nr.request('POST', `/bench/${variant}?n=500&c=${c}`);
    for (let i = 0; i < 3; i++) {
      const cpu0 = nr.cpuSplitMs();
      const r = await nr.request('POST', `/bench/${variant}?n=${n}&c=${c}`);
      const cpu1 = nr.cpuSplitMs();
      console.log(variant, c, 'cpu/msg', ((cpu1.user - cpu0.user) / n).toFixed(4), ((cpu1.sys - cpu0.sys) / n).toFixed(4), 'wall', (r.body.ms / n).toFixed(4));
    }
  } finally {
    await nr.stop();
    await uplink.stop();
    await server.stop();
  }
})();
