/** P2P message types and their payload serialization, with the protocol's count and size limits. */
package dev.blocksmith.p2p.message;
