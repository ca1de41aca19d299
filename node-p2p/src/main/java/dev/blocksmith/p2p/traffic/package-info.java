/**
 * What a node does with the bytes it sends and receives beyond relaying them: the upload target
 * ({@link dev.blocksmith.p2p.traffic.UploadTarget}, bitcoind's -maxuploadtarget) and per-peer message capture
 * ({@link dev.blocksmith.p2p.traffic.MessageCapture}, bitcoind's -capturemessages).
 */
package dev.blocksmith.p2p.traffic;
