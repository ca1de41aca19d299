package dev.blocksmith.p2p.peer;

/** A manual ban as listed by listbanned; times are Unix seconds. */
public record BanEntry(String address, long banCreated, long bannedUntil) {
}
