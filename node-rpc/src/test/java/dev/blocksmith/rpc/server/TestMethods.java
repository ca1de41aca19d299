package dev.blocksmith.rpc.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Small methods used by the server tests. */
final class TestMethods {
    private TestMethods() {}

    /** "stream count": an array of {@code count} 100-character strings written as a {@code StreamedJson} result. */
    static final class StreamedMethod implements RpcMethod {
        static final String ITEM = "x".repeat(100);

        @Override public String name() { return "stream"; }
        @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }
        @Override public List<RpcParamSpec> params() {
            return List.of(RpcParamSpec.required("count", RpcParamType.NUM, "How many strings"));
        }
        @Override public String description() { return "Streams an array of strings."; }
        @Override public String resultHelp() { return "[\"str\", ...]"; }

        @Override
        public JsonNode execute(RpcRequest request) throws RpcException {
            int count = request.arg("count").asInt();
            return dev.blocksmith.rpc.json.StreamedJson.of(out -> {
                out.writeStartArray();
                for (int i = 0; i < count; i++) out.writeString(ITEM);
                out.writeEndArray();
            });
        }
    }

    /** "getblockhash height": -8 above height 10, counts calls. */
    static final class HeightMethod implements RpcMethod {
        final AtomicInteger calls = new AtomicInteger();

        @Override public String name() { return "getblockhash"; }
        @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }
        @Override public List<RpcParamSpec> params() {
            return List.of(RpcParamSpec.required("height", RpcParamType.NUM, "The height index"));
        }
        @Override public String description() { return "Returns hash of block in best-block-chain at height provided."; }
        @Override public String resultHelp() { return "\"hex\"    (string) The block hash"; }

        @Override
        public JsonNode execute(RpcRequest request) throws RpcException {
            calls.incrementAndGet();
            int height = request.arg("height").asInt();
            if (height < 0 || height > 10) throw RpcException.invalidParameter("Block height out of range");
            return TextNode.valueOf("%064x".formatted(height));
        }
    }

    /** "block ms": blocks until released or the time passes; for work-queue tests. */
    static final class BlockingMethod implements RpcMethod {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger started = new AtomicInteger();

        @Override public String name() { return "block"; }
        @Override public RpcCategory category() { return RpcCategory.HIDDEN; }
        @Override public String description() { return "Blocks until released."; }
        @Override public String resultHelp() { return "n    (numeric) 1"; }

        @Override
        public JsonNode execute(RpcRequest request) {
            started.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return IntNode.valueOf(1);
        }
    }

    /** "getwalletname": returns the wallet name from the endpoint. */
    static final class WalletNameMethod implements RpcMethod {
        @Override public String name() { return "getwalletname"; }
        @Override public RpcCategory category() { return RpcCategory.WALLET; }
        @Override public String description() { return "Returns the wallet of the endpoint."; }
        @Override public String resultHelp() { return "\"str\"    (string) wallet"; }

        @Override
        public JsonNode execute(RpcRequest request) {
            return TextNode.valueOf(request.walletName().orElse("<none>") + "|" + request.authUser());
        }
    }
}
