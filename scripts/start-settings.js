// Node-RED's settings for `npm start` (scripts/start.js passes them with --settings; a user's own
// Node-RED and its settings.js are untouched). A fresh demo opens on the example flows:
// - no "Enable Update Notifications?" question: update checks are off (telemetry, Node-RED 4.1+);
// - no welcome tour of the new version over the canvas;
// - offline (no STRIPE_API_KEY), no palette catalogue fetched from the internet, whose failed
//   request would be the only error in the browser console.
'use strict';

const offline = process.env.NODE_RED_STRIPE_OFFLINE === '1';

module.exports = {
  flowFile: 'flows.json',
  telemetry: { enabled: false, updateNotification: false },
  editorTheme: {
    tours: false,
    ...(offline ? { palette: { catalogues: [] } } : {}),
  },
  logging: { console: { level: 'info', metrics: false, audit: false } },
};
