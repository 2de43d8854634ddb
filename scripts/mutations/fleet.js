'use strict';
// The mutations of one area: the fleet (src/stripe/fleet and the nodes' use of it): one budget, each
// event once, one poller.
// (scripts/mutations.js puts the areas together; its header says what an entry holds.)
const { T, BUDGET, CLAIMS, LEASE } = require('./targets');

module.exports = [
  {
    name: 'fleet-budget-per-instance',
    file: BUDGET,
    find: "    this.windowKey = fleet.key('budget', account || 'platform', mode);",
    replace: "    this.windowKey = fleet.key('budget', fleet.instanceId, account || 'platform', mode);",
    why: 'each instance of a fleet spends the whole budget: Stripe answers 429 to the fleet',
    tests: [T.fleetCore],
  },
  {
    name: 'fleet-budget-ignores-account',
    file: BUDGET,
    find: "    this.windowKey = fleet.key('budget', account || 'platform', mode);",
    replace: "    this.windowKey = fleet.key('budget', mode);",
    why: 'connected accounts and the platform wait on one budget, though Stripe counts each apart',
    tests: [T.fleetCore],
  },
  {
    name: 'fleet-budget-short-window',
    file: BUDGET,
    find: '            [limit, want, WINDOW_MS + WINDOW_GUARD_MS, id],',
    replace: '            [limit, want, WINDOW_MS - 250, id],',
    why: "the shared window is shorter than Stripe's second: some seconds pass the budget",
    tests: [T.fleetCore],
  },
  {
    name: 'fleet-claim-not-exclusive',
    file: CLAIMS,
    find: "      'NX',\n",
    replace: '',
    why: 'two instances receiving one event in the same instant both send it on',
    tests: [T.fleetCore],
  },
  {
    name: 'fleet-claim-kept-briefly',
    file: CLAIMS,
    find: 'export const KEEP_SECONDS = 4 * 24 * 3600;',
    replace: 'export const KEEP_SECONDS = 60;',
    why: 'a webhook Stripe retries an hour later (after a lost 200) comes out of the fleet again',
    tests: [T.fleetCore],
  },
  {
    name: 'fleet-claim-never-released',
    file: CLAIMS,
    find: '    await this.fleet.run(DELETE_IF, [this.redisKey(key)], [token]);',
    replace: '    await Promise.resolve(DELETE_IF);',
    why: "an event whose node closed before sending it stays claimed: Stripe's retry is dropped, the event lost",
    tests: [T.fleetCore],
  },
  {
    name: 'fleet-lease-taken-from-holder',
    file: LEASE,
    find: 'if not v then',
    replace: 'if true then',
    why: 'a standing-by instance takes the lease from the one polling: two pollers at once',
    tests: [T.fleetCore],
  },
  {
    name: 'fleet-cursor-unfenced',
    file: LEASE,
    find: "if redis.call('GET', KEYS[1]) == ARGV[1] then\n  redis.call('HSET'",
    replace: "if true then\n  redis.call('HSET'",
    why: 'an instance that lost the lease without knowing moves the shared cursor back',
    tests: [T.fleetCore],
  },
];
