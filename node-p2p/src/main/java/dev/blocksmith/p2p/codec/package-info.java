/** Netty handlers that frame and unframe messages (24-byte header with magic and checksum). */
package dev.blocksmith.p2p.codec;
