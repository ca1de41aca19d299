'use strict';
// Starts a bcoin full node on regtest for Blocksmith's interop tests and benchmark.
// Usage: node start-bcoin.js <p2pPort> <httpPort> <apiKey> [outbound host:port ...]
// With outbound peers it dials only those (bcoin's `only`); otherwise it just listens.
// Everything is in memory; the process runs until it gets SIGTERM/SIGINT.
const bcoin = require('bcoin');

async function main() {
  const [p2pPort, httpPort, apiKey, ...only] = process.argv.slice(2);
  const node = new bcoin.FullNode({
    network: 'regtest',
    memory: true,
    workers: false,
    listen: true,
    host: '127.0.0.1',
    port: Number(p2pPort),
    httpHost: '127.0.0.1',
    httpPort: Number(httpPort),
    apiKey,
    only,
    logConsole: true,
    logLevel: process.env.BCOIN_LOG_LEVEL || 'info'
  });
  await node.open();
  await node.connect();
  node.startSync();
  const stop = async () => {
    await node.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  console.log(`bcoin ready p2p=${p2pPort} http=${httpPort}`);
}

main().catch((err) => {
  console.error(err.stack);
  process.exit(1);
});
