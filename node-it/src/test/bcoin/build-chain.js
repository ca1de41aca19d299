'use strict';
// Builds a regtest chain with transactions on an in-memory bcoin node, then serves it to peers until
// SIGTERM. Used by node-bench/sync-benchmark.sh: bcoin builds the chain because its regtest activates
// segwit only at height 432 and rejects earlier blocks whose coinbase carries a witness (Blocksmith's
// and Core's always do), so a chain bcoin builds is valid for both implementations.
// Usage: node build-chain.js <p2pPort> <httpPort> <apiKey> <blocks> <txsPerBlock>
// Every block after 100 carries one transaction fanning a mature coinbase out to <txsPerBlock> outputs
// and <txsPerBlock> one-in-one-out transactions spending the previous block's fan-out.
const bcoin = require('bcoin');
const {MTX, KeyRing, Coin} = bcoin;

async function main() {
  const [p2pPort, httpPort, apiKey, blocksArg, txsArg] = process.argv.slice(2);
  const blocks = Number(blocksArg);
  const fan = Number(txsArg);
  const node = new bcoin.FullNode({
    network: 'regtest', memory: true, workers: false, listen: true,
    host: '127.0.0.1', port: Number(p2pPort), httpHost: '127.0.0.1', httpPort: Number(httpPort),
    apiKey, only: [], logConsole: true, logLevel: process.env.BCOIN_LOG_LEVEL || 'warning'
  });
  await node.open();
  await node.connect();

  const ring = KeyRing.fromPrivate(Buffer.alloc(32, 7), true);
  const addr = ring.getAddress();
  const fee = 2000;
  let txs = 0;
  let previousFanOut = null;
  for (let h = 1; h <= blocks; h++) {
    if (h > 100) {
      const cbBlock = await node.chain.getBlock(await node.chain.getHash(h - 100));
      const cb = cbBlock.txs[0];
      const out = new MTX();
      out.addCoin(Coin.fromTX(cb, 0, h - 100));
      const each = Math.floor((cb.outputs[0].value - fee) / fan);
      for (let i = 0; i < fan; i++) out.addOutput(addr, each);
      out.sign(ring);
      const fanTx = out.toTX();
      await node.mempool.addTX(fanTx);
      txs++;
      if (previousFanOut) {
        for (let i = 0; i < fan; i++) {
          const spend = new MTX();
          spend.addCoin(Coin.fromTX(previousFanOut, i, -1));
          spend.addOutput(addr, previousFanOut.outputs[i].value - fee);
          spend.sign(ring);
          await node.mempool.addTX(spend.toTX());
          txs++;
        }
      }
      previousFanOut = fanTx;
    }
    const block = await node.miner.mineBlock(null, addr);
    await node.chain.add(block);
  }
  node.startSync();
  const stop = async () => {
    await node.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  console.log(`built blocks=${blocks} txs=${txs} tip=${node.chain.tip.rhash()}`);
}

main().catch((err) => {
  console.error(err.stack);
  process.exit(1);
});
