package dev.blocksmith.it;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * A reference node (scripts/reference-node.sh) and a Blocksmith node on regtest with the same arguments, for the
 * interop tests; the calling test is skipped, saying why, when no reference node is installed.
 */
record ReferencePair(NodeProcess reference, NodeProcess blocksmith) implements AutoCloseable {
    static ReferencePair start(Path dir, List<String> args) throws Exception {
        Optional<NodeProcess> ref = NodeProcess.reference(dir.resolve("reference"), "regtest", args);
        Assumptions.assumeTrue(ref.isPresent(), NodeProcess.referenceSkipReason());
        NodeProcess reference = ref.get().start();
        try {
            return new ReferencePair(reference, new NodeProcess(dir.resolve("blocksmith"), "regtest", args).start());
        } catch (Exception e) {
            reference.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            blocksmith.close();
        } finally {
            reference.close();
        }
    }
}
