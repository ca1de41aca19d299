package dev.blocksmith.cli.config;

import java.util.Locale;
import picocli.CommandLine;

/** Booleans as bitcoind reads them: 1/0, true/false, yes/no, and an empty value means true. */
public final class BitcoindBoolean implements CommandLine.ITypeConverter<Boolean> {
    @Override
    public Boolean convert(String value) {
        return parse(value);
    }

    public static boolean parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw new CommandLine.TypeConversionException("'" + value + "' is not a boolean (use 1 or 0)");
        };
    }
}
