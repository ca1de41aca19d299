#!/usr/bin/python3
"""A hardware-wallet style PSBT flow over Blocksmith's JSON-RPC, driven by python-bitcoinlib's
bitcoin.rpc.Proxy (Debian package python3-bitcoinlib) exactly as it would drive bitcoind:
walletcreatefundedpsbt, decodepsbt, analyzepsbt, walletprocesspsbt (sign only), finalizepsbt,
sendrawtransaction, a block, exact balances; then malformed PSBTs refused with bitcoind's codes.

Usage: psbt_flow.py PORT USER PASSWORD
Prints one JSON object with the figures measured; exits non-zero on the first failed check.
"""
import base64
import json
import sys
from decimal import Decimal

from rpc_harness import ELSEWHERE, check, expect_error, proxy

node = proxy()
node.call('createwallet', 'hot', False, False, '', False, True, True)
node.call('createwallet', 'cold', False, False, '', False, True, True)
hot, cold = proxy('hot'), proxy('cold')
node.call('generatetoaddress', 101, hot.call('getnewaddress'))
check(hot.call('getbalance') == Decimal('50'), 'one mature coinbase')

to = cold.call('getnewaddress', '', 'bech32m')
funded = hot.call('walletcreatefundedpsbt', [], [{to: '3'}], 0, {'fee_rate': 5})
decoded = node.call('decodepsbt', funded['psbt'])
total_in = Decimal(0)
for i, vin in enumerate(decoded['tx']['vin']):
    inp = decoded['inputs'][i]
    if 'non_witness_utxo' in inp:
        total_in += inp['non_witness_utxo']['vout'][vin['vout']]['value']
    else:
        total_in += inp['witness_utxo']['amount']
    check('bip32_derivs' in inp or 'taproot_bip32_derivs' in inp, 'the input tells a signer which key: %s' % inp)
total_out = sum(o['value'] for o in decoded['tx']['vout'])
check(decoded['fee'] == total_in - total_out, 'decodepsbt fee %s is inputs %s minus outputs %s' % (decoded['fee'], total_in, total_out))
check(decoded['fee'] == funded['fee'], 'the fee walletcreatefundedpsbt reported')
check(node.call('analyzepsbt', funded['psbt'])['next'] == 'signer', 'an unsigned PSBT goes to the signer')

signed = hot.call('walletprocesspsbt', funded['psbt'], True, 'DEFAULT', True, False)
check(not signed['complete'] and 'hex' not in signed, 'signed but not finalized')
check(node.call('analyzepsbt', signed['psbt'])['next'] == 'finalizer', 'a signed PSBT goes to the finalizer')
final = node.call('finalizepsbt', signed['psbt'])
check(final['complete'] and 'hex' in final, 'finalizepsbt completed it')
txid = node.call('sendrawtransaction', final['hex'])
check(txid in node.call('getrawmempool'), 'the transaction is in the mempool')
node.call('generatetoaddress', 1, ELSEWHERE)
check(cold.call('getbalance') == Decimal('3'), 'the cold wallet has exactly 3: %s' % cold.call('getbalance'))
fee = funded['fee']
# Block 102 matured the second coinbase: 50 + 50 - 3 - fee.
check(hot.call('getbalance') == Decimal('97') - fee, 'the hot wallet has exactly 97 - fee: %s' % hot.call('getbalance'))

# Malformed PSBTs: bitcoind's codes and messages, and nothing changes.
before = (hot.call('getbalance'), cold.call('getbalance'), sorted(node.call('getrawmempool')))
truncated = base64.b64encode(base64.b64decode(funded['psbt'])[:30]).decode()
expect_error(-22, 'TX decode failed invalid base64', node.call, 'decodepsbt', 'this is not base64')
expect_error(-22, 'TX decode failed DataStream::read(): end of data', node.call, 'decodepsbt', truncated)
expect_error(-22, 'TX decode failed Invalid PSBT magic bytes', node.call, 'decodepsbt', base64.b64encode(b'not a psbt').decode())
expect_error(-3, 'JSON value of type number is not of expected type string', node.call, 'decodepsbt', 42)
expect_error(-22, 'TX decode failed', hot.call, 'walletprocesspsbt', truncated)
expect_error(-22, 'TX decode failed', node.call, 'finalizepsbt', truncated)
expect_error(-8, "Parameter 'txs' cannot be empty", node.call, 'combinepsbt', [])
expect_error(-8, 'PSBTs not compatible (different transactions)', node.call, 'combinepsbt', [funded['psbt'],
             hot.call('walletcreatefundedpsbt', [], [{to: '1'}])['psbt']])
expect_error(-8, 'is not a valid sighash parameter', hot.call, 'walletprocesspsbt', funded['psbt'], True, 'EVERYTHING')
expect_error(-27, 'Transaction outputs already in utxo set', node.call, 'sendrawtransaction', final['hex'])
after = (hot.call('getbalance'), cold.call('getbalance'), sorted(node.call('getrawmempool')))
check(before == after, 'errors changed nothing: %s then %s' % (before, after))

print(json.dumps({'fee': str(fee), 'txid': txid, 'hot_balance': str(after[0]), 'cold_balance': str(after[1])}))
