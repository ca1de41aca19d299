package dev.blocksmith.p2p;

/** getnetworkinfo localaddresses entry. */
public record LocalAddress(String address, int port, int score) {
}
