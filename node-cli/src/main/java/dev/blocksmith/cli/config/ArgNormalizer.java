package dev.blocksmith.cli.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns bitcoind's negated flags ({@code -notxindex}, {@code --nolisten}) into the explicit form
 * picocli understands ({@code -txindex=0}) for the boolean options of a command.
 */
public final class ArgNormalizer {
    private ArgNormalizer() {
    }

    public static String[] normalize(String[] args, Set<String> booleanKeys) {
        List<String> out = new ArrayList<>(args.length);
        for (String a : args) {
            String dashes = a.startsWith("--") ? "--" : a.startsWith("-") ? "-" : "";
            String body = a.substring(dashes.length());
            int eq = body.indexOf('=');
            String name = eq >= 0 ? body.substring(0, eq) : body;
            if (!dashes.isEmpty() && name.startsWith("no") && booleanKeys.contains(name.substring(2)) && !booleanKeys.contains(name)) {
                boolean value = eq < 0 || BitcoindBoolean.parse(body.substring(eq + 1));
                out.add(dashes + name.substring(2) + "=" + (value ? "0" : "1"));
            } else {
                out.add(a);
            }
        }
        return out.toArray(String[]::new);
    }
}
