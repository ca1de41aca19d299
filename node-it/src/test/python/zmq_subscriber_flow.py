"""A ZMQ subscriber that is not Java: libzmq through Debian's python3-zmq, as LND, electrs or a block explorer
would attach to the node. It drives the node over JSON-RPC (plain HTTP) and checks what arrives:
rawblock and rawtx on a TCP address, sequence on a UNIX socket (-zmqpubsequence=unix:PATH), for blocks, mempool
traffic and a reorg (invalidateblock), in order and with no gap in any topic's message counter; the mempool
sequence numbers of the sequence topic line up with getrawmempool's mempool_sequence.

usage: zmq_subscriber_flow.py RPC_PORT USER PASSWORD TCP_ADDRESS IPC_PATH
Prints one JSON line of figures; exits 1 with a message on the first failed check."""
import base64
import hashlib
import http.client
import json
import struct
import sys

import zmq

PORT, USER, PASSWORD, TCP, IPC_PATH = sys.argv[1:6]
AUTH = base64.b64encode(('%s:%s' % (USER, PASSWORD)).encode()).decode()


def rpc(method, *params, wallet=None):
    conn = http.client.HTTPConnection('127.0.0.1', int(PORT), timeout=300)
    path = '/wallet/' + wallet if wallet else '/'
    conn.request('POST', path, json.dumps({'jsonrpc': '1.0', 'id': 1, 'method': method, 'params': list(params)}),
                 {'Authorization': 'Basic ' + AUTH, 'Content-Type': 'application/json'})
    reply = json.loads(conn.getresponse().read())
    conn.close()
    if reply.get('error'):
        raise RuntimeError('%s: %s' % (method, reply['error']))
    return reply['result']


def check(cond, what):
    if not cond:
        print('CHECK FAILED: ' + what, file=sys.stderr)
        sys.exit(1)


def hash256_hex(data):
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()[::-1].hex()


ctx = zmq.Context()
raw = ctx.socket(zmq.SUB)
raw.setsockopt(zmq.SUBSCRIBE, b'rawblock')
raw.setsockopt(zmq.SUBSCRIBE, b'rawtx')
raw.connect(TCP)
seq = ctx.socket(zmq.SUB)
seq.setsockopt(zmq.SUBSCRIBE, b'sequence')
seq.connect('ipc://' + IPC_PATH)
counters = {}


def receive(sock, timeout_ms):
    """The next message as (topic, body), checking its counter follows the topic's previous one; None on timeout."""
    if not sock.poll(timeout_ms):
        return None
    topic, body, counter = sock.recv_multipart()
    n = struct.unpack('<I', counter)[0]
    key = (topic, id(sock))
    if key in counters:
        check(n == counters[key] + 1, 'gap in %s counter: %d after %d' % (topic.decode(), n, counters[key]))
    counters[key] = n
    return topic.decode(), body


def drain(sock):
    out = []
    while True:
        m = receive(sock, 3000)
        if m is None:
            return out
        out.append(m)


rpc('createwallet', 'w')
mine_to = rpc('getnewaddress', wallet='w')
# PUB/SUB subscriptions take a moment: mine until both sockets have heard of a block (bitcoind's test does the same).
for attempt in range(60):
    rpc('generatetoaddress', 1, mine_to)
    if receive(raw, 1000) is not None and receive(seq, 1000) is not None:
        break
else:
    check(False, 'subscribers never received anything')
drain(raw)
drain(seq)


def sequence_events():
    events = []
    for topic, body in drain(seq):
        check(topic == 'sequence', 'topic ' + topic)
        h, label = body[:32].hex(), chr(body[32])
        mempool_seq = struct.unpack('<Q', body[33:])[0] if len(body) == 41 else None
        check((mempool_seq is None) == (label in 'CD'), 'sequence body %s' % body.hex())
        events.append((label, h, mempool_seq))
    return events


def raw_messages():
    blocks, txs = [], []
    for topic, body in drain(raw):
        if topic == 'rawblock':
            blocks.append(hash256_hex(body[:80]))
        else:
            txs.append(hash256_hex(body))  # the wtxid: rawtx is the full (witness) serialization
    return blocks, txs


def wtxids(block_hash):
    return [t['hash'] for t in rpc('getblock', block_hash, 2)['tx']]


# 1. Blocks: 101 of them, each as rawblock, its coinbase as rawtx, and a C.
hashes = rpc('generatetoaddress', 101, mine_to)
blocks, txs = raw_messages()
check(blocks == hashes, 'rawblock hashes differ from the generated blocks')
check(txs == [wtxids(h)[0] for h in hashes], 'rawtx of the coinbases')
check(sequence_events() == [('C', h, None) for h in hashes], 'one C per block, in order')

# 2. Mempool traffic: two payments, each rawtx and an A with consecutive mempool sequence numbers.
start = rpc('getrawmempool', False, True)['mempool_sequence']
sent = [rpc('sendtoaddress', rpc('getnewaddress', wallet='w'), amount, wallet='w') for amount in (1, 2)]
sent_wtxids = [hash256_hex(bytes.fromhex(rpc('gettransaction', t, wallet='w')['hex'])) for t in sent]
blocks, txs = raw_messages()
check(blocks == [] and txs == sent_wtxids, 'rawtx of the payments')
check(sequence_events() == [('A', sent[0], start), ('A', sent[1], start + 1)], 'A events with mempool sequence numbers')
check(rpc('getrawmempool', False, True)['mempool_sequence'] == start + 2, 'getrawmempool in step with the A events')

# 3. A block mining both: a C only (block transactions leave silently but take their numbers).
[mined] = rpc('generatetoaddress', 1, mine_to)
blocks, txs = raw_messages()
check(blocks == [mined] and txs == wtxids(mined), 'rawblock and rawtx of the mined block')
check(sequence_events() == [('C', mined, None)], 'C of the mined block')
check(rpc('getrawmempool', False, True)['mempool_sequence'] == start + 4, 'two removals counted')

# 4. Reorg: invalidateblock disconnects it (D, then its payments return to the mempool: A), then two blocks of a
#    new branch connect (C each, rawblock each).
rpc('invalidateblock', mined)
in_block = [t['txid'] for t in rpc('getblock', mined, 2)['tx']]
events = sequence_events()
check(events[0] == ('D', mined, None), 'D first: %s' % events[:1])
check(events[1:] == [('A', t, start + 4 + i) for i, t in enumerate(in_block[1:])], 'payments back with A: %s' % events)
blocks, txs = raw_messages()
check(blocks == [], 'no rawblock for a disconnection')
check(txs == wtxids(mined) + [w for w in wtxids(mined)[1:]], 'rawtx of the disconnected block, then of the returned payments')
new_branch = rpc('generatetoaddress', 2, rpc('getnewaddress', wallet='w'))
blocks, txs = raw_messages()
check(blocks == new_branch, 'rawblock of the new branch')
check(txs == wtxids(new_branch[0]) + wtxids(new_branch[1]), 'rawtx of the new branch')
events = sequence_events()
check(events == [('C', h, None) for h in new_branch], 'C for each block of the new branch: %s' % events)
final = rpc('getrawmempool', False, True)
check(final['txids'] == [] and final['mempool_sequence'] == start + 8, 'mempool sequence after the reorg: %s' % final)

print(json.dumps({'blocks': len(hashes) + 3, 'payments': len(sent), 'mempool_sequence': final['mempool_sequence'],
                  'topics': sorted('%s:%d' % (t.decode(), n) for (t, _), n in counters.items())}))
