package dev.blocksmith.wallet.imports;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One importdescriptors request, its JSON types already checked.
 *
 * @param descriptor the descriptor text with its checksum; empty when the request lacks "desc"
 * @param timestamp the rescan start in unix seconds; empty for "now" (the tip's median time past)
 * @param internal the "internal" flag when given
 * @param label the label when given
 */
public record DescriptorImportRequest(Optional<String> descriptor, boolean active, Optional<ImportRange> range, OptionalLong nextIndex,
                                      OptionalLong timestamp, Optional<Boolean> internal, Optional<String> label) {
    public DescriptorImportRequest {
        Objects.requireNonNull(descriptor);
        Objects.requireNonNull(range);
        Objects.requireNonNull(nextIndex);
        Objects.requireNonNull(timestamp);
        Objects.requireNonNull(internal);
        Objects.requireNonNull(label);
    }
}
