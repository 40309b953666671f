// Sends GELF records with gelf-pro, the npm client, to the console under test:
//   node send-gelf.js <udp|tcp> <host> <port> <marker>
// Three records: an info with additional fields, an error with a stack, and one long enough to need several UDP chunks.
'use strict';
const crypto = require('crypto');
const gelf = require('gelf-pro');

const [adapterName, host, port, marker] = process.argv.slice(2);
gelf.setConfig({
  adapterName,
  adapterOptions: adapterName === 'udp' ? { protocol: 'udp4', host, port: Number(port) } : { host, port: Number(port) },
  fields: { facility: 'thebot-node', marker },
});

const send = (level, message, extra) => new Promise((resolve, reject) =>
  gelf[level](message, extra, (err) => (err ? reject(err) : resolve())));

(async () => {
  await send('info', `gelf-pro ${adapterName} info ${marker}`, { request_id: `req-${marker}`, duration_ms: 12.5, user: { id: 42 } });
  await send('error', `gelf-pro ${adapterName} error ${marker}`, { full_message: `Error: boom ${marker}\n    at handler (app.js:10:5)` });
  // Random hex compresses to about half: roughly 6 KB of deflated data, five chunks of 1388 bytes.
  await send('warning', `gelf-pro ${adapterName} long ${marker}`, { payload: crypto.randomBytes(6000).toString('hex') });
  console.log('sent 3 records');
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
