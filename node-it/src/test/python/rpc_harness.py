"""What the python-bitcoinlib flow scripts share: the node's address from the command line, a
bitcoin.rpc.Proxy per wallet endpoint, and checks that stop the script with a message."""
import sys

import bitcoin
import bitcoin.rpc

bitcoin.SelectParams('regtest')
PORT, USER, PASSWORD = sys.argv[1], sys.argv[2], sys.argv[3]
# An address no wallet here owns, for blocks that must not change the wallets' balances.
ELSEWHERE = 'bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9'


def proxy(wallet=None):
    """A client of the node, or of one wallet's /wallet/<name> endpoint, as bitcoind's clients address it."""
    path = '/wallet/' + wallet if wallet else ''
    return bitcoin.rpc.Proxy(service_url='http://%s:%s@127.0.0.1:%s%s' % (USER, PASSWORD, PORT, path), timeout=600)


def check(cond, what):
    if not cond:
        print('CHECK FAILED: ' + what, file=sys.stderr)
        sys.exit(1)


def expect_error(code, message, fn, *args):
    """The call fails with bitcoind's error code and a message containing the expected text."""
    try:
        fn(*args)
    except bitcoin.rpc.JSONRPCError as e:
        check(e.error['code'] == code, 'expected code %d, got %s' % (code, e.error))
        check(message in e.error['message'], 'expected message %r, got %r' % (message, e.error['message']))
        return
    check(False, 'expected error %d %r' % (code, message))
