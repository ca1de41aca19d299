#!/usr/bin/python3
"""Drives Blocksmith's wallet RPCs with a third-party client library: python-bitcoinlib's
bitcoin.rpc.Proxy (Debian package python3-bitcoinlib), exactly as it would drive bitcoind.

Usage: wallet_flow.py PORT USER PASSWORD PHASE  (PHASE: pay | descriptors | after-restart)
Prints one JSON object with the figures measured; exits non-zero on the first failed check.
The descriptors and after-restart phases read the figures of the phases before them on stdin.
"""
import json
import sys
from decimal import Decimal

from rpc_harness import ELSEWHERE, check, expect_error, proxy

PHASE = sys.argv[4]
# BIP32 test vector 1's master key (tpub form); Bitcoin Knots 29.4 gave the checksum and, with
# deriveaddresses, the first address of this taproot descriptor on regtest.
TR_XPUB = ('tr(tpubD6NzVbkrYhZ4XgiXtGrdW5XDAPFCL9h7we1vwNCpn8tGbBcgfVYjXyhWo4E1xkh56hjod1RhGjxbaTLV3X4Fy'
           'WuejifB9jusQ46QzG87VKp/86/1/0/*)#r8hs676r')
TR_XPUB_FIRST = 'bcrt1p96cyj3a3rnytqgun5n5erz7rjuea07nfy748phfwlyrp6tkc9j3sltj53y'
SAT = Decimal('0.00000001')

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

elif PHASE == 'descriptors':
    before = json.loads(sys.stdin.read())
    A = proxy('A')

    # A watch-only wallet of an imported taproot xpub sees a payment to it.
    node.call('createwallet', 'W', True, True, '', False, True, True)
    W = proxy('W')
    check(W.call('getwalletinfo')['private_keys_enabled'] is False, 'W has private keys disabled')
    imported = W.call('importdescriptors', [{'desc': TR_XPUB, 'timestamp': 'now', 'active': True}])
    check(imported[0]['success'] is True, 'the xpub descriptor was imported: %s' % imported)
    addr_w = W.call('getnewaddress', '', 'bech32m')
    check(addr_w == TR_XPUB_FIRST, 'W hands out the descriptor\'s first address as bitcoind derives it: %s' % addr_w)
    A.call('sendtoaddress', addr_w, '2')
    check(W.call('getbalances')['mine']['untrusted_pending'] == Decimal('2'), 'W sees the payment in the mempool')
    node.call('generatetoaddress', 1, ELSEWHERE)
    check(W.call('getbalance') == Decimal('2'), 'W has exactly 2 once it confirms')
    expect_error(-4, 'Private keys are disabled for this wallet', W.call, 'sendtoaddress', ELSEWHERE, '1')
    expect_error(-5, 'Missing checksum', W.call, 'deriveaddresses', TR_XPUB.split('#')[0], [0, 1])
    bad = W.call('importdescriptors', [{'desc': TR_XPUB[:-1] + 'x', 'timestamp': 'now'}])
    check(bad[0]['success'] is False and bad[0]['error']['code'] == -5, 'a bad checksum is refused: %s' % bad)

    # fundrawtransaction of a createrawtransaction-made transaction, signed by the wallet and sent.
    bal = A.call('getbalances')['mine']
    b_addr = proxy('B').call('getnewaddress')
    raw = node.call('createrawtransaction', [], [{b_addr: '1.5'}])
    funded = A.call('fundrawtransaction', raw, {'fee_rate': 3})
    signed = A.call('signrawtransactionwithwallet', funded['hex'])
    check(signed['complete'], 'A signed every input it funded')
    decoded = node.call('decoderawtransaction', signed['hex'])
    inputs = Decimal(0)
    for vin in decoded['vin']:
        prev = node.call('decoderawtransaction', A.call('gettransaction', vin['txid'])['hex'])
        inputs += prev['vout'][vin['vout']]['value']
    outputs = sum(v['value'] for v in decoded['vout'])
    fee = inputs - outputs
    check(fee == funded['fee'] and fee > 0, 'the fee is exactly inputs - outputs: %s vs %s' % (fee, funded['fee']))
    check(fee >= Decimal(3 * decoded['vsize']) * SAT, 'the fee pays the requested 3 sat/vB')
    funded_txid = node.call('sendrawtransaction', signed['hex'])
    check(A.call('gettransaction', funded_txid)['fee'] == -fee, 'the wallet records the same fee')
    node.call('generatetoaddress', 1, ELSEWHERE)
    after = A.call('getbalances')['mine']
    matured = bal['immature'] - after['immature']
    check(after['trusted'] == bal['trusted'] - Decimal('1.5') - fee + matured,
          'A paid 1.5 and the fee exactly: %s -> %s (+%s matured)' % (bal['trusted'], after['trusted'], matured))

    # bumpfee keeps the original, marked replaced, counted once.
    base = A.call('getbalance')
    original = A.call('sendtoaddress', ELSEWHERE, '0.5')
    bump = A.call('bumpfee', original)
    g = A.call('gettransaction', original)
    check(g.get('replaced_by_txid') == bump['txid'], 'the original shows replaced_by_txid: %s' % g)
    check(bump['txid'] in g['walletconflicts'] and g['confirmations'] == 0 and g['trusted'] is False, 'the original is replaced')
    check(A.call('gettransaction', bump['txid']).get('replaces_txid') == original, 'the replacement shows replaces_txid')
    check(A.call('getbalance') == base - Decimal('0.5') - bump['fee'], 'the replacement counts once: %s' % A.call('getbalance'))
    check(bump['txid'] in node.call('getrawmempool'), 'the replacement waits in the mempool')
    figures = {**before, 'a_balance': str(A.call('getbalance')), 'b_balance': str(proxy('B').call('getbalance')),
               'w_balance': str(W.call('getbalance')), 'bumped_original': original, 'bump_txid': bump['txid'],
               'pending_tx': bump['txid'], 'funded_fee': str(fee)}

elif PHASE == 'after-restart':
    loaded = node.call('listwallets')
    check('A' in loaded and 'B' in loaded, 'wallets reloaded: %s' % loaded)
    A, B = proxy('A'), proxy('B')
    check(B.call('getwalletinfo').get('unlocked_until', None) == 0, 'B is still encrypted and locked')
    before = json.loads(sys.stdin.read())
    check(before['pending_tx'] in node.call('getrawmempool'), 'the mempool survived the restart')
    W = proxy('W')
    check(W.call('listdescriptors')['descriptors'][0]['desc'] == TR_XPUB, 'W kept its imported descriptor')
    g = A.call('gettransaction', before['bumped_original'])
    check(g.get('replaced_by_txid') == before['bump_txid'], 'the replaced transaction is still marked: %s' % g)
    figures = {'a_balance': str(A.call('getbalance')), 'b_balance': str(B.call('getbalance')), 'w_balance': str(W.call('getbalance'))}

print(json.dumps(figures))
