package dev.blocksmith.cli.options;

import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.rpc.client.RpcClientConfig;
import dev.blocksmith.rpc.client.RpcCredentials;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a client command (cli, mine) reaches a node's RPC server: host, port and credentials. */
public final class RpcClientOptions {
    @Option(names = {"-rpcconnect", "--rpcconnect"}, paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "The node's RPC host (default: ${DEFAULT-VALUE})")
    String rpcconnect;

    @Option(names = {"-rpcport", "--rpcport"}, paramLabel = "PORT", description = "The node's RPC port (default: the network's)")
    Integer rpcport;

    @Option(names = {"-rpcuser", "--rpcuser"}, paramLabel = "USER", description = "RPC user name (default: the cookie in the datadir)")
    String rpcuser;

    @Option(names = {"-rpcpassword", "--rpcpassword"}, paramLabel = "PW", description = "RPC password")
    String rpcpassword;

    @Option(names = {"-rpccookiefile", "--rpccookiefile"}, paramLabel = "FILE", description = "Cookie file (default: <network datadir>/.cookie)")
    String rpccookiefile;

    /** The password read by bitcoin-cli's -stdinrpcpass. */
    public void rpcpassword(String password) {
        this.rpcpassword = password;
    }

    /** Client settings for {@code params}' node whose data lives under {@code datadir}. */
    public RpcClientConfig toClientConfig(NetworkParams params, Path datadir) {
        Path netDir = params.dataDirName().isEmpty() ? datadir : datadir.resolve(params.dataDirName());
        RpcCredentials creds = rpcpassword != null
                ? new RpcCredentials.UserPassword(rpcuser == null ? "" : rpcuser, rpcpassword)
                : new RpcCredentials.CookieFile(rpccookiefile == null ? netDir.resolve(".cookie") : netDir.resolve(rpccookiefile));
        return RpcClientConfig.of(rpcconnect, rpcport != null ? rpcport : params.rpcPort(), creds);
    }
}
