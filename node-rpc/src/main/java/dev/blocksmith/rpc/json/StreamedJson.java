package dev.blocksmith.rpc.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.POJONode;

import java.io.IOException;
import java.util.Objects;

/**
 * A result written straight into the reply instead of built as a tree first: getblock verbosity 2 of a full block is
 * about 10 MB of JSON, whose tree would take many times that while it waits to be written (bitcoind's UniValue has
 * the same cost; streaming avoids it). Everything that can fail is checked before the writer is made, so writing
 * cannot turn a result into an error half way.
 */
public final class StreamedJson implements JsonSerializable {
    /** Writes one JSON value. */
    @FunctionalInterface
    public interface Writer {
        void write(JsonGenerator out) throws IOException;
    }

    private final Writer writer;

    private StreamedJson(Writer writer) {
        this.writer = Objects.requireNonNull(writer);
    }

    /** A node that the RPC layer's mapper serialises by running {@code writer}. */
    public static JsonNode of(Writer writer) {
        return new POJONode(new StreamedJson(writer));
    }

    /** Whether {@code node} is written by a {@link Writer} rather than held as a tree. */
    public static boolean isStreamed(JsonNode node) {
        return node instanceof POJONode pojo && pojo.getPojo() instanceof StreamedJson;
    }

    /** The tree of a node that may be streamed (tests and in-process callers that read a result's fields). */
    public static JsonNode materialize(JsonNode node) {
        if (!isStreamed(node)) return node;
        return RpcJson.parse(RpcJson.write(node)).orElseThrow();
    }

    @Override
    public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
        writer.write(gen);
    }

    @Override
    public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer) throws IOException {
        writer.write(gen);
    }
}
