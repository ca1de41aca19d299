package dev.blocksmith.core.address;

import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.script.Script;
import java.util.Locale;
import java.util.Optional;

/**
 * A payment destination that has a textual address on one network: Base58 P2PKH or P2SH (BIP13), or a
 * segwit output of any witness version (BIP173 Bech32 for version 0, BIP350 Bech32m for 1..16).
 * Bare public keys, multisig and OP_RETURN outputs have no address.
 */
public sealed interface Address permits P2pkhAddress, P2shAddress, SegwitAddress {
    /** BIP141/BIP173: witness programs carried in addresses are 2..40 bytes. */
    int MAX_WITNESS_PROGRAM = 40;

    NetworkParams network();

    /** The output script this address pays to. */
    Script toScriptPubKey();

    /** The canonical text: Base58Check, or lower-case Bech32/Bech32m. */
    String encode();

    /**
     * Parses an address for {@code params}. The order of checks and the failure messages follow
     * Core's {@code DecodeDestination}, so that validateaddress reports the same reason: a string that
     * starts with the network's HRP is treated as Bech32, anything else as Base58.
     */
    static Address decode(String text, NetworkParams params) throws AddressFormatException {
        String hrp = params.bech32Hrp();
        boolean looksBech32 = text.length() >= hrp.length() && text.substring(0, hrp.length()).toLowerCase(Locale.ROOT).equals(hrp);
        if (!looksBech32) return decodeBase58(text, params);
        return decodeSegwit(text, params);
    }

    private static Address decodeBase58(String text, NetworkParams params) throws AddressFormatException {
        byte[] data = null;
        try {
            byte[] payload = Base58.decodeChecked(text);
            // Core decodes with a 21-byte payload limit; longer payloads fall through to the checks below.
            if (payload.length <= 21) data = payload;
        } catch (AddressFormatException e) {
            data = null;
        }
        if (data == null) {
            boolean plainBase58;
            try {
                plainBase58 = Base58.decode(text).length <= 100;
            } catch (AddressFormatException e) {
                plainBase58 = false;
            }
            throw new AddressFormatException(plainBase58
                    ? "Invalid checksum or length of Base58 address (P2PKH or P2SH)"
                    : "Invalid or unsupported Segwit (Bech32) or Base58 encoding.");
        }
        if (data.length == 21) {
            byte[] hash = java.util.Arrays.copyOfRange(data, 1, 21);
            if ((data[0] & 0xff) == params.p2pkhVersion()) return new P2pkhAddress(params, hash);
            if ((data[0] & 0xff) == params.p2shVersion()) return new P2shAddress(params, hash);
        }
        if (data.length >= 1 && ((data[0] & 0xff) == params.p2pkhVersion() || (data[0] & 0xff) == params.p2shVersion())) {
            throw new AddressFormatException("Invalid length for Base58 address (P2PKH or P2SH)");
        }
        throw new AddressFormatException("Invalid or unsupported Base58-encoded address.");
    }

    private static Address decodeSegwit(String text, NetworkParams params) throws AddressFormatException {
        Bech32.Decoded dec = Bech32.decode(text);
        byte[] values = dec.values();
        if (values.length == 0) throw new AddressFormatException("Empty Bech32 data section");
        if (!dec.hrp().equals(params.bech32Hrp())) {
            throw new AddressFormatException("Invalid or unsupported prefix for Segwit (Bech32) address (expected "
                    + params.bech32Hrp() + ", got " + dec.hrp() + ").");
        }
        int version = values[0];
        // BIP350: version 0 keeps Bech32, every later version must use Bech32m.
        if (version == 0 && dec.encoding() != Bech32.Encoding.BECH32) {
            throw new AddressFormatException("Version 0 witness address must use Bech32 checksum");
        }
        if (version != 0 && dec.encoding() != Bech32.Encoding.BECH32M) {
            throw new AddressFormatException("Version 1+ witness address must use Bech32m checksum");
        }
        byte[] five = java.util.Arrays.copyOfRange(values, 1, values.length);
        byte[] program = Bech32.convertBits(five, 5, 8, false)
                .orElseThrow(() -> new AddressFormatException("Invalid padding in Bech32 data section"));
        String unit = program.length == 1 ? "byte" : "bytes";
        if (version == 0) {
            if (program.length == 20 || program.length == 32) return new SegwitAddress(params, 0, program);
            throw new AddressFormatException("Invalid Bech32 v0 address program size (" + program.length + " " + unit + "), per BIP141");
        }
        if (version > 16) throw new AddressFormatException("Invalid Bech32 address witness version");
        if (program.length < 2 || program.length > MAX_WITNESS_PROGRAM) {
            throw new AddressFormatException("Invalid Bech32 address program size (" + program.length + " " + unit + ")");
        }
        return new SegwitAddress(params, version, program);
    }

    /**
     * The address an output script pays to, as Core's {@code ExtractDestination}: P2PKH, P2SH and
     * witness programs (version 0 only with 20- or 32-byte programs). Other scripts have none.
     */
    static Optional<Address> fromScriptPubKey(Script s, NetworkParams params) {
        byte[] b = s.rawBytes();
        if (s.isP2PKH()) return Optional.of(new P2pkhAddress(params, java.util.Arrays.copyOfRange(b, 3, 23)));
        if (s.isP2SH()) return Optional.of(new P2shAddress(params, java.util.Arrays.copyOfRange(b, 2, 22)));
        if (s.isWitnessProgram()) {
            int version = s.witnessVersion();
            byte[] program = s.witnessProgram();
            if (version == 0 && program.length != 20 && program.length != 32) return Optional.empty();
            return Optional.of(new SegwitAddress(params, version, program));
        }
        return Optional.empty();
    }
}
