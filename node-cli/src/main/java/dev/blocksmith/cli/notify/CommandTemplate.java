package dev.blocksmith.cli.notify;

import java.util.Map;

/**
 * A notification command with bitcoind's {@code %x} placeholders, filled in one pass: a value is never scanned
 * for placeholders itself. The values are what bitcoind puts there: hex hashes, heights and the word
 * "unconfirmed" (nothing a shell reads specially), a wallet name quoted by {@link #shellQuoted} (bitcoind's
 * ShellEscape) and an alert text reduced by {@link #sanitizedAndQuoted} (bitcoind's SanitizeString, then single
 * quotes), so no substituted value can end the quoting and add a command.
 */
final class CommandTemplate {
    /** bitcoind's SAFE_CHARS_DEFAULT: what SanitizeString keeps of an alert text. */
    private static final String SAFE_CHARS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;-_/:?@()";

    private CommandTemplate() {
    }

    /** Replaces each {@code %c} whose character is a key of {@code values}; every other character stays. */
    static String expand(String template, Map<Character, String> values) {
        StringBuilder out = new StringBuilder(template.length() + 64);
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '%' && i + 1 < template.length() && values.containsKey(template.charAt(i + 1))) {
                out.append(values.get(template.charAt(i + 1)));
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * bitcoind's ShellEscape: the text in single quotes, each single quote inside written as {@code '"'"'} (close,
     * a double-quoted quote, reopen). Inside single quotes a POSIX shell gives no character a meaning.
     */
    static String shellQuoted(String text) {
        return "'" + text.replace("'", "'\"'\"'") + "'";
    }

    /** bitcoind's AlertNotify: only the safe characters of the text are kept, then it is single-quoted. */
    static String sanitizedAndQuoted(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (SAFE_CHARS.indexOf(text.charAt(i)) >= 0) kept.append(text.charAt(i));
        }
        return "'" + kept + "'";
    }
}
