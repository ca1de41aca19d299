package dev.blocksmith.wallet;

import java.io.IOException;
import java.util.List;

/**
 * The wallets a node loads when it starts: bitcoind's {@code "wallet"} entry of its read-write settings file
 * ({@code settings.json}), changed by {@code createwallet}/{@code loadwallet}/{@code unloadwallet}'s
 * {@code load_on_startup}. The node owns the file (it holds other settings too); the wallet sees only this list.
 */
public interface StartupWalletList {
    List<String> names() throws IOException;

    /** Adds a wallet name if absent and saves. */
    void add(String name) throws IOException;

    /** Removes a wallet name if present and saves. */
    void remove(String name) throws IOException;

    /** Whether the list was ever set (bitcoind's IsArgSet("wallet") for the settings file): an empty list counts. */
    default boolean isSet() throws IOException {
        return !names().isEmpty();
    }

    /**
     * bitcoind's start-up fallback: with no wallet list, an unnamed wallet at the top of the wallets folder is loaded,
     * and the list becomes that wallet in memory only (saved with the next change).
     */
    default void useUnnamedWalletWithoutSaving() throws IOException {
        add("");
    }

    /** A list kept in memory only: a node without a settings file ({@code -nosettings}). */
    static StartupWalletList inMemory() {
        java.util.List<String> names = new java.util.concurrent.CopyOnWriteArrayList<>();
        return new StartupWalletList() {
            @Override
            public List<String> names() {
                return List.copyOf(names);
            }

            @Override
            public void add(String name) {
                if (!names.contains(name)) names.add(name);
            }

            @Override
            public void remove(String name) {
                names.remove(name);
            }
        };
    }
}
