'use strict';
// The mutations of one area: the fleet (src/stripe/fleet and the nodes' use of it): one budget, each
// event once, one poller.
// (scripts/mutations.js puts the areas together; its header says what an entry holds.)
const { T, BUDGET, CLAIMS, LEASE, WEBHOOK, POLLER, EVENTS_NODE } = require('./targets');

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
    name: 'fleet-budget-counts-at-grant',
    file: BUDGET,
    find: '            [limit, want, this.spareWanted(asked), WINDOW_MS + WINDOW_GUARD_MS, HOLD_MS, id],',
    replace: '            [limit, want, this.spareWanted(asked), WINDOW_MS - 250, 0, id],',
    why: "requests are counted when granted, not when they reach Stripe, over a window shorter than Stripe's second: some seconds pass the budget",
    tests: [T.fleetCore, T.fleetBudget],
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
  {
    name: 'fleet-webhook-claims-locally',
    file: WEBHOOK,
    find: "    const claims: EventClaims = fleet ? new FleetClaims(fleet) : dedupeFor(node, config.store ?? '');",
    replace: "    const claims: EventClaims = dedupeFor(node, config.store ?? '');",
    why: 'a webhook node with a fleet keeps its own record: an event Stripe retries to another instance comes out twice',
    tests: [T.fleetWebhook],
  },
  {
    name: 'fleet-poller-ignores-lease',
    file: POLLER,
    find: '      if (!(await this.mayPoll())) return;',
    replace: '      await this.mayPoll();',
    why: 'every instance of the fleet polls Stripe at once, none says standing by',
    tests: [T.fleetPoller],
  },
  {
    name: 'fleet-poller-claims-locally',
    file: EVENTS_NODE,
    find: '          dedupe: fleet ? new FleetClaims(fleet) : dedupeFor(node, store),',
    replace: '          dedupe: dedupeFor(node, store),',
    why: 'a poller taking over re-sends the events the dead one had sent since its last cursor',
    tests: [T.fleetTakeover],
  },
];
