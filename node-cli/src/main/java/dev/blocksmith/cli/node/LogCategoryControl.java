package dev.blocksmith.cli.node;

import dev.blocksmith.rpc.methods.control.LoggingControl;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code logging} RPC's view of debug logging: bitcoind's category names, each on or off, over the one
 * category map of {@link LoggingSetup} (categories of bitcoind parts Blocksmith lacks, such as qt or tor, are
 * plain switches so that scripts toggling them behave as against bitcoind).
 */
final class LogCategoryControl implements LoggingControl {
    @Override
    public SortedMap<String, Boolean> categories() {
        SortedMap<String, Boolean> out = new TreeMap<>();
        var on = LoggingSetup.enabledCategories();
        for (String c : LoggingSetup.allCategories()) out.put(c, on.contains(c));
        return out;
    }

    @Override
    public boolean set(String category, boolean on) {
        return LoggingSetup.setCategory(category.isEmpty() ? "all" : category, on);
    }
}
