/**
 * The method model: one {@link dev.blocksmith.rpc.methods.RpcMethod} class per RPC, declared
 * arguments ({@link dev.blocksmith.rpc.methods.RpcParamSpec}) that the server binds and type-checks
 * like bitcoind, and the {@link dev.blocksmith.rpc.methods.MethodRegistry}. Subpackages group methods
 * by bitcoind category.
 */
package dev.blocksmith.rpc.methods;
