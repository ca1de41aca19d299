package dev.blocksmith.p2p;

import java.util.List;

/**
 * The BIP14 user agent, formatted as bitcoind's FormatSubVersion: "/Blocksmith:0.1.0/", or with -uacomment
 * values "/Blocksmith:0.1.0(comment1; comment2)/".
 */
public final class UserAgent {
    public static final String NAME = "Blocksmith";
    public static final String VERSION = "0.1.0";
    /** bitcoind's MAX_SUBVERSION_LENGTH. */
    public static final int MAX_LENGTH = 256;
    /** bitcoind's SAFE_CHARS_UA_COMMENT: no "/", ":", "(" or ")", which would break the user agent's own syntax. */
    private static final String SAFE_PUNCTUATION = " .,;-_?@";

    private UserAgent() {
    }

    /**
     * Formats the user agent, refusing comments bitcoind refuses (the message is bitcoind's init error).
     */
    public static String format(List<String> comments) {
        for (String c : comments) {
            if (!safe(c)) throw new IllegalArgumentException("User Agent comment (" + c + ") contains unsafe characters.");
        }
        String agent = formatUnchecked(comments);
        if (agent.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("Total length of network version string (" + agent.length()
                    + ") exceeds maximum length (" + MAX_LENGTH + "). Reduce the number or size of uacomments.");
        }
        return agent;
    }

    static String formatUnchecked(List<String> comments) {
        StringBuilder b = new StringBuilder("/").append(NAME).append(':').append(VERSION);
        if (!comments.isEmpty()) b.append('(').append(String.join("; ", comments)).append(')');
        return b.append('/').toString();
    }

    private static boolean safe(String comment) {
        for (int i = 0; i < comment.length(); i++) {
            char ch = comment.charAt(i);
            boolean alnum = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
            if (!alnum && SAFE_PUNCTUATION.indexOf(ch) < 0) return false;
        }
        return true;
    }
}
