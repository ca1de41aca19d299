package dev.blocksmith.core.params;

import java.util.Optional;

/**
 * The buried deployments, in bitcoind's report order, with the name {@code getdeploymentinfo} reports
 * and the name {@code -testactivationheight} takes (bitcoind's GetBuriedDeployment).
 */
public enum BuriedDeployment {
    BIP34("bip34", "bip34"),
    DERSIG("bip66", "dersig"),
    CLTV("bip65", "cltv"),
    CSV("csv", "csv"),
    SEGWIT("segwit", "segwit");

    private final String reportName;
    private final String optionName;

    BuriedDeployment(String reportName, String optionName) {
        this.reportName = reportName;
        this.optionName = optionName;
    }

    public String reportName() {
        return reportName;
    }

    public String optionName() {
        return optionName;
    }

    public static Optional<BuriedDeployment> byOptionName(String name) {
        for (BuriedDeployment d : values()) {
            if (d.optionName.equals(name)) return Optional.of(d);
        }
        return Optional.empty();
    }

    /** The activation height of this deployment in {@code d}. */
    public int height(Deployments d) {
        return switch (this) {
            case BIP34 -> d.bip34Height();
            case DERSIG -> d.bip66Height();
            case CLTV -> d.bip65Height();
            case CSV -> d.csvHeight();
            case SEGWIT -> d.segwitHeight();
        };
    }

    /** {@code d} with this deployment at {@code height}. */
    public Deployments withHeight(Deployments d, int height) {
        return switch (this) {
            case BIP34 -> new Deployments(height, Optional.empty(), d.bip65Height(), d.bip66Height(), d.csvHeight(),
                    d.segwitHeight(), d.taprootHeight());
            case DERSIG -> new Deployments(d.bip34Height(), d.bip34Hash(), d.bip65Height(), height, d.csvHeight(),
                    d.segwitHeight(), d.taprootHeight());
            case CLTV -> new Deployments(d.bip34Height(), d.bip34Hash(), height, d.bip66Height(), d.csvHeight(),
                    d.segwitHeight(), d.taprootHeight());
            case CSV -> new Deployments(d.bip34Height(), d.bip34Hash(), d.bip65Height(), d.bip66Height(), height,
                    d.segwitHeight(), d.taprootHeight());
            case SEGWIT -> d.withSegwitHeight(height);
        };
    }
}
