package dev.blocksmith.wallet.imports;

import dev.blocksmith.wallet.WalletException;
import java.util.List;
import java.util.Optional;

/** One importdescriptors result as Core's: success, the warnings, and the error when it failed. */
public record DescriptorImportResult(boolean success, List<String> warnings, Optional<WalletException> error) {
    public DescriptorImportResult {
        warnings = List.copyOf(warnings);
        if (success == error.isPresent()) throw new IllegalArgumentException("an import fails exactly when it has an error");
    }
}
