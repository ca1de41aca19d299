/** Per-connection state and statistics, service flags, manual bans and the discouraged-address set. */
package dev.blocksmith.p2p.peer;
