#!/usr/bin/python3
"""Drives Blocksmith's wallet RPCs with a third-party client library: python-bitcoinlib's
bitcoin.rpc.Proxy (Debian package python3-bitcoinlib), exactly as it would drive bitcoind.

Usage: wallet_flow.py PORT USER PASSWORD PHASE  (PHASE: pay | after-restart)
Prints one JSON object with the figures measured; exits non-zero on the first failed check.
"""
import json
import sys
from decimal import Decimal

import bitcoin
import bitcoin.rpc

bitcoin.SelectParams('regtest')
PORT, USER, PASSWORD, PHASE = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
# An address no wallet here owns, for blocks that must not change the wallets' balances.
ELSEWHERE = 'bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9'


def proxy(wallet=None):
    path = '/wallet/' + wallet if wallet else ''
    return bitcoin.rpc.Proxy(service_url='http://%s:%s@127.0.0.1:%s%s' % (USER, PASSWORD, PORT, path), timeout=600)


def check(cond, what):
    if not cond:
        print('CHECK FAILED: ' + what, file=sys.stderr)
        sys.exit(1)


def expect_error(code, message, fn, *args):
    try:
        fn(*args)
    except bitcoin.rpc.JSONRPCError as e:
        check(e.error['code'] == code, 'expected code %d, got %s' % (code, e.error))
        check(message in e.error['message'], 'expected message %r, got %r' % (message, e.error['message']))
        return
    check(False, 'expected error %d %r' % (code, message))


node = proxy()
figures = {}

if PHASE == 'pay':
    # createwallet name disable_private_keys blank passphrase avoid_reuse descriptors load_on_startup
    node.call('createwallet', 'A', False, False, '', False, True, True)
    node.call('createwallet', 'B', False, False, '', False, True, True)
    A, B = proxy('A'), proxy('B')
    addr_a = A.call('getnewaddress')
    node.call('generatetoaddress', 101, addr_a)
    check(A.call('getbalance') == Decimal('50'), 'A holds one mature coinbase after 101 blocks')

    b_bech32 = B.call('getnewaddress', '', 'bech32')
    b_bech32m = B.call('getnewaddress', '', 'bech32m')
    check(b_bech32.startswith('bcrt1q') and b_bech32m.startswith('bcrt1p'), 'address types')
    tx1 = A.call('sendtoaddress', b_bech32, '10')
    tx2 = A.call('sendtoaddress', b_bech32m, '2')
    mempool = node.call('getrawmempool')
    check(tx1 in mempool and tx2 in mempool, 'both payments in the mempool')
    check(B.call('getbalances')['mine']['untrusted_pending'] == Decimal('12'), 'B sees 12 pending')

    node.call('generatetoaddress', 1, ELSEWHERE)
    fee = -(A.call('gettransaction', tx1)['fee'] + A.call('gettransaction', tx2)['fee'])
    check(fee > 0, 'the payments paid a fee')
    check(B.call('getbalance') == Decimal('12'), 'B has exactly 12')
    # Block 102 matured the second coinbase: 50 + 50 - 12 - fee.
    check(A.call('getbalance') == Decimal('88') - fee, 'A has exactly 50 + 50 - 12 - fee, got %s' % A.call('getbalance'))

    idx = node.call('getaddressbalance', {'addresses': [b_bech32, b_bech32m]})
    check(idx['balance'] == 1200000000, 'address index agrees with B: %s' % idx)
    scan = node.call('scantxoutset', 'start', ['addr(%s)' % b_bech32, 'addr(%s)' % b_bech32m])
    check(scan['total_amount'] == Decimal('12'), 'scantxoutset agrees with B: %s' % scan['total_amount'])

    # Replacement: bumpfee replaces; the lower-fee original is then refused as a replacement.
    base = A.call('getbalance')
    tx4 = A.call('sendtoaddress', ELSEWHERE, '1')
    hex4 = A.call('gettransaction', tx4)['hex']
    fee4 = -A.call('gettransaction', tx4)['fee']
    bumped = A.call('bumpfee', tx4)
    check(bumped['fee'] > bumped['origfee'] and bumped['origfee'] == fee4, 'bumpfee raised the fee: %s' % bumped)
    mempool = node.call('getrawmempool')
    check(bumped['txid'] in mempool and tx4 not in mempool, 'the bumped transaction replaced the original')
    check(A.call('getbalance') == base - 1 - bumped['fee'], 'A counts the replacement once: %s' % A.call('getbalance'))
    expect_error(-26, 'insufficient fee', node.call, 'sendrawtransaction', hex4)

    # A double spend confirmed in a block evicts the conflicting mempool transaction...
    block = node.call('generateblock', ELSEWHERE, [hex4])['hash']
    check(bumped['txid'] not in node.call('getrawmempool'), 'the block evicted the mempool double spend')
    check(A.call('gettransaction', tx4)['confirmations'] == 1, 'the original confirmed')
    # The new block also matured A's coinbase of height 3 (+50).
    check(A.call('getbalance') == base + 50 - 1 - fee4, 'A reflects the confirmed original: %s' % A.call('getbalance'))
    # ...and a reorg returns it to the mempool and the wallet shows it unconfirmed again.
    node.call('invalidateblock', block)
    check(tx4 in node.call('getrawmempool'), 'the reorg returned the transaction to the mempool')
    check(A.call('gettransaction', tx4)['confirmations'] == 0, 'the wallet shows it pending again')
    node.call('reconsiderblock', block)
    check(A.call('gettransaction', tx4)['confirmations'] == 1, 'reconsidered block confirms it again')
    figures_rbf = {'bump_origfee': str(bumped['origfee']), 'bump_fee': str(bumped['fee'])}

    # Bad input: bitcoind's codes and messages, and nothing changes.
    before = B.call('getbalance')
    expect_error(-5, 'Invalid', B.call, 'sendtoaddress', 'notanaddress', '1')
    expect_error(-6, 'Insufficient funds', B.call, 'sendtoaddress', addr_a, '1000')
    expect_error(-3, 'Amount out of range', B.call, 'sendtoaddress', addr_a, '-1')
    expect_error(-3, 'Invalid amount', B.call, 'sendtoaddress', addr_a, '0.000000001')
    B.call('encryptwallet', 'correct horse')
    expect_error(-13, 'walletpassphrase', B.call, 'sendtoaddress', addr_a, '1')
    expect_error(-14, 'passphrase entered was incorrect', B.call, 'walletpassphrase', 'wrong', 60)
    check(B.call('getbalance') == before, 'errors changed nothing')
    B.call('walletpassphrase', 'correct horse', 60)
    tx3 = B.call('sendtoaddress', addr_a, '1')
    check(tx3 in node.call('getrawmempool'), 'an unlocked wallet can pay')
    B.call('walletlock')
    figures = {'fee_sats': int(fee * 100000000), 'a_balance': str(A.call('getbalance')), **figures_rbf,
               'b_balance': str(B.call('getbalance')), 'pending_tx': tx3}

elif PHASE == 'after-restart':
    loaded = node.call('listwallets')
    check('A' in loaded and 'B' in loaded, 'wallets reloaded: %s' % loaded)
    A, B = proxy('A'), proxy('B')
    check(B.call('getwalletinfo').get('unlocked_until', None) == 0, 'B is still encrypted and locked')
    pending = json.loads(sys.stdin.read())['pending_tx']
    check(pending in node.call('getrawmempool'), 'the mempool survived the restart')
    figures = {'a_balance': str(A.call('getbalance')), 'b_balance': str(B.call('getbalance'))}

print(json.dumps(figures))
