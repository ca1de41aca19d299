/** RPC credentials as bitcoind has them: the .cookie file, rpcuser/rpcpassword, rpcauth lines and rpcwhitelist. */
package dev.blocksmith.rpc.auth;
