package dev.blocksmith.p2p;

/** The addnode RPC's command argument. */
public enum AddNodeAction {
    ADD, REMOVE, ONETRY;

    public static AddNodeAction parse(String s) {
        return switch (s) {
            case "add" -> ADD;
            case "remove" -> REMOVE;
            case "onetry" -> ONETRY;
            default -> throw new IllegalArgumentException("unknown addnode command: " + s);
        };
    }
}
