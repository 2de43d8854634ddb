'use strict';
// The mutations scripts/mutate.js applies, one at a time: small changes to src/ that break a
// behaviour a user relies on. Each must make at least one of its `tests` fail ("caught").
//
//   name     short id (for --only)
//   file     the source file, relative to the repository
//   find     text that occurs exactly once in it
//   replace  what it becomes
//   why      the behaviour that breaks
//   tests    the test files that should catch it (listed first: the one expected to fail first)
//
// Left out as equivalent (nothing a user or a test can observe changes):
// - settings.ts `filesUri` always the base URI: with the default base URI requestUrl() takes the files
//   host from the operation's `server`, and with any other base URI filesUri is the base URI anyway.
// - operation-node.ts dropping `s.truncated = last.truncated` alone: the held message comes from a
//   page that had a next page (truncated false), and a run only ends after it on an empty page,
//   whose truncated is false too. (Dropping it together with hasMore is listed: hasMore differs.)
// - retry.ts the RETRYABLE_CODES test in shouldRetry: an error code that is neither retryable nor
//   in NEVER_RETRY_CODES is retried by the fall-through anyway.
// Left out as redundant: 409 or 5xx not retried (variants of 429-not-retried, failing the same test).
//
// The list is kept by area, in scripts/mutations/<area>.js, each an array in the order below; the
// test files (T) and source files the entries name are in scripts/mutations/targets.js. A new
// mutation goes at the end of the area of the behaviour it breaks (a new area: a new file, listed
// here); a new test file or source file, into targets.js.

module.exports = [
  ...require('./mutations/transport'),
  ...require('./mutations/retries'),
  ...require('./mutations/secrets'),
  ...require('./mutations/hosts'),
  ...require('./mutations/rate-limit'),
  ...require('./mutations/pagination'),
  ...require('./mutations/idempotency'),
  ...require('./mutations/requests'),
  ...require('./mutations/events'),
  ...require('./mutations/v2'),
  ...require('./mutations/fleet'),
  ...require('./mutations/hold'),
];
