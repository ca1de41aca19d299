#!/usr/bin/python3
"""An exchange back end's day against a Blocksmith node, through python-bitcoinlib (Debian's python3-bitcoinlib).

Usage: exchange_flow.py RPC_PORT USER PASSWORD BACKUP_DIR

Deposit addresses with labels, deposits confirmed and reconciled with listreceivedbyaddress, listreceivedbylabel,
getreceivedbylabel and listsinceblock, a batched withdrawal with send, a sweep to cold storage with sendall, a
backup restored with restorewallet, and proof of address ownership: a message signed by the node and verified by
python-bitcoinlib's own code, and one signed by python-bitcoinlib and verified by the node. Prints one JSON line of
figures at the end; any difference fails with an assertion.
"""
import json
import os
import sys
from decimal import Decimal

import bitcoin
import bitcoin.rpc
from bitcoin.signmessage import BitcoinMessage, SignMessage, VerifyMessage
from bitcoin.wallet import CBitcoinSecret, P2PKHBitcoinAddress

DEPOSITORS = 12
ADDRESS_TYPES = ["bech32", "p2sh-segwit", "legacy", "bech32m"]


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def main():
    port, user, password, backup_dir = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    bitcoin.SelectParams("regtest")
    base = "http://%s:%s@127.0.0.1:%s" % (user, password, port)

    def node(wallet=None):
        return bitcoin.rpc.RawProxy(service_url=base + ("/wallet/" + wallet if wallet else ""), timeout=300)

    root = node()
    for name in ("exchange", "customers", "cold"):
        root.createwallet(name)
    exchange, customers, cold = node("exchange"), node("customers"), node("cold")

    # Customers' coins: mined, then matured.
    root.generatetoaddress(110, customers.getnewaddress())
    start_block = root.getbestblockhash()

    # One deposit address per customer, labelled with the customer's account, of every address type.
    deposits = {}
    for i in range(DEPOSITORS):
        label = "user-%03d" % i
        deposits[label] = exchange.getnewaddress(label, ADDRESS_TYPES[i % len(ADDRESS_TYPES)])
    amounts = {label: Decimal("0.1") * (i + 1) + Decimal("0.00012345") for i, label in enumerate(sorted(deposits))}

    # Deposits: one batch through sendmany, a second deposit to user-000 of its own, and one still unconfirmed.
    customers.sendmany("", {deposits[l]: str(a) for l, a in amounts.items()})
    second = customers.sendtoaddress(deposits["user-000"], "0.5")
    root.generatetoaddress(1, customers.getnewaddress())
    root.generatetoaddress(5, customers.getnewaddress())
    pending = customers.sendtoaddress(deposits["user-001"], "0.25")

    # Reconciliation by address: confirmed totals, labels, depths and the transactions of each deposit address.
    by_address = {r["address"]: r for r in exchange.listreceivedbyaddress(1)}
    for label, address in deposits.items():
        row = by_address[address]
        expected = amounts[label] + (Decimal("0.5") if label == "user-000" else 0)
        check(row["amount"] == expected, "%s received %s, expected %s" % (address, row["amount"], expected))
        check(row["label"] == label, "label of %s: %s" % (address, row["label"]))
        check(row["confirmations"] == 6, "confirmations of %s: %s" % (address, row["confirmations"]))
    check(second in by_address[deposits["user-000"]]["txids"], "user-000's second deposit is listed")
    check(len(by_address[deposits["user-000"]]["txids"]) == 2, "user-000 has two deposits")
    check(pending not in by_address[deposits["user-001"]]["txids"], "an unconfirmed deposit is not counted at minconf 1")
    with_pending = exchange.listreceivedbyaddress(0, False, False, deposits["user-001"])
    check(len(with_pending) == 1 and with_pending[0]["amount"] == amounts["user-001"] + Decimal("0.25"),
          "minconf 0 counts the pending deposit: %s" % with_pending)

    # Reconciliation by label.
    by_label = {r["label"]: r for r in exchange.listreceivedbylabel()}
    for label in deposits:
        expected = amounts[label] + (Decimal("0.5") if label == "user-000" else 0)
        check(by_label[label]["amount"] == expected, "label %s: %s" % (label, by_label[label]))
        check(exchange.getreceivedbylabel(label) == expected, "getreceivedbylabel %s" % label)
    check(exchange.getreceivedbylabel("user-001", 0) == amounts["user-001"] + Decimal("0.25"), "getreceivedbylabel minconf 0")

    # Reconciliation by block: every deposit since the block before them, with its label; then nothing new.
    since = exchange.listsinceblock(start_block)
    receives = [t for t in since["transactions"] if t["category"] == "receive"]
    check(len(receives) == DEPOSITORS + 2, "listsinceblock receives: %d" % len(receives))
    for t in receives:
        check(t["label"] in deposits and deposits[t["label"]] == t["address"], "listsinceblock row %s" % t)
    only_user0 = exchange.listsinceblock(start_block, 1, False, True, False, "user-000")["transactions"]
    check(len(only_user0) == 2 and all(t["label"] == "user-000" for t in only_user0), "label filter: %s" % only_user0)
    root.generatetoaddress(1, customers.getnewaddress())
    last = since["lastblock"]
    later = exchange.listsinceblock(last)["transactions"]
    check([t["txid"] for t in later] == [pending], "after the last reconciliation only the pending deposit is new: %s" % later)

    # A batched withdrawal with send: three customers paid in one transaction, the fee from the hot wallet.
    withdrawals = {customers.getnewaddress(): Decimal("0.3"), customers.getnewaddress(): Decimal("0.2"),
                   customers.getnewaddress(): Decimal("0.05")}
    sent = exchange.send([{a: str(v)} for a, v in withdrawals.items()], None, "unset", 2)
    check(sent["complete"], "send completes: %s" % sent)
    tx = exchange.gettransaction(sent["txid"])
    paid = [d for d in tx["details"] if d["category"] == "send"]
    check(len(paid) == 3, "one transaction pays the three withdrawals: %s" % paid)
    root.generatetoaddress(1, customers.getnewaddress())
    for address, value in withdrawals.items():
        check(customers.getreceivedbyaddress(address) == value, "withdrawal to %s arrived" % address)

    # Backup, then restore under another name: the restored wallet reconciles to the same figures.
    backup = os.path.join(backup_dir, "exchange.bak")
    exchange.backupwallet(backup)
    root.restorewallet("exchange-restored", backup)
    restored = node("exchange-restored")
    check(restored.listreceivedbyaddress(1) == exchange.listreceivedbyaddress(1), "restored wallet reconciles the same")
    check(restored.getbalance() == exchange.getbalance(), "restored balance")

    # Proof of ownership: the node signs for a deposit address, python-bitcoinlib checks it, and the reverse.
    proof_address = exchange.getnewaddress("proof", "legacy")
    text = "I, the exchange, control %s" % proof_address
    signature = exchange.signmessage(proof_address, text)
    check(root.verifymessage(proof_address, signature, text), "the node verifies its own signature")
    check(VerifyMessage(proof_address, BitcoinMessage(text), signature), "python-bitcoinlib verifies the node's signature")
    check(not VerifyMessage(proof_address, BitcoinMessage(text + "!"), signature), "python-bitcoinlib refuses another message")
    check(not root.verifymessage(proof_address, signature, text + "!"), "the node refuses another message")
    key = CBitcoinSecret.from_secret_bytes(bytes(range(1, 33)))
    customer_address = str(P2PKHBitcoinAddress.from_pubkey(key.pub))
    theirs = SignMessage(key, BitcoinMessage(text)).decode("ascii")
    check(root.verifymessage(customer_address, theirs, text), "the node verifies python-bitcoinlib's signature")
    wif = str(key)
    check(VerifyMessage(customer_address, BitcoinMessage(text), root.signmessagewithprivkey(wif, text)),
          "python-bitcoinlib verifies signmessagewithprivkey")

    # The sweep: everything the hot wallet holds to cold storage with sendall.
    cold_address = cold.getnewaddress()
    before = exchange.getbalance()
    swept = exchange.sendall([cold_address], None, "unset", 2)
    check(swept["complete"], "sendall completes: %s" % swept)
    root.generatetoaddress(1, customers.getnewaddress())
    check(exchange.getbalance() == 0, "the hot wallet is empty after the sweep")
    received = cold.getreceivedbyaddress(cold_address)
    fee = -exchange.gettransaction(swept["txid"])["fee"]
    check(received + fee == before, "cold storage received the balance less the fee: %s + %s vs %s" % (received, fee, before))

    print(json.dumps({"deposit_addresses": len(deposits), "deposits": DEPOSITORS + 2, "withdrawals": len(withdrawals),
                      "swept": str(received)}))


if __name__ == "__main__":
    main()
