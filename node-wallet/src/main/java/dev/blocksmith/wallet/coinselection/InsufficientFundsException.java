package dev.blocksmith.wallet.coinselection;

/** The candidates cannot pay the amount plus fees (Core: "Insufficient funds"). */
public final class InsufficientFundsException extends Exception {
    public InsufficientFundsException() {
        super("Insufficient funds");
    }
}
