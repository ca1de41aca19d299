package dev.blocksmith.rpc.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each method's {@link RpcParamSpec} declarations are the one source of its arguments: names, order, types and
 * defaults agree with bitcoind 30's (its OpenRPC schema, and so its help), help shows them, and the methods'
 * code reads arguments only by a declared name ({@code request.arg("name")}) and never writes a literal default
 * a second time.
 */
class ArgumentDeclarationsTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern ARG = Pattern.compile("\\barg\\(\"([A-Za-z0-9_]+)\"\\)");
    /** A fallback written in code: {@code arg("x").asIntOr(…)}. */
    private static final Pattern ARG_OR = Pattern.compile("\\barg\\(\"([A-Za-z0-9_]+)\"\\)\\.as\\w+Or\\(");
    /** A literal fallback written in code for an absent argument: {@code arg("x").isNull() ? 5 : …}. */
    private static final Pattern ARG_TERNARY = Pattern.compile(
            "\\barg\\(\"([A-Za-z0-9_]+)\"\\)\\.(isNull\\(\\) \\?|isPresent\\(\\) \\? [^:;]+:)");

    /**
     * Arguments bitcoind declares with a literal default that is a description, not a value its code reads:
     * ParseSighashString takes a null sighashtype as SIGHASH_DEFAULT, getdeploymentinfo a null blockhash as the
     * tip, sendmany a null dummy as the empty string its help shows quoted. Ours are described (computed) defaults with bitcoind's help text.
     */
    private static final Set<String> DESCRIPTIVE_LITERALS = Set.of("signrawtransactionwithkey.sighashtype",
            "signrawtransactionwithwallet.sighashtype", "walletprocesspsbt.sighashtype", "descriptorprocesspsbt.sighashtype",
            "getdeploymentinfo.blockhash", "sendmany.dummy");

    private static ServedMethods served;

    @BeforeAll
    static void wire(@TempDir Path dir) {
        served = new ServedMethods(dir);
    }

    @AfterAll
    static void close() throws InterruptedException {
        served.close();
    }

    private static List<RpcMethod> methods() {
        return served.registry().methods();
    }

    @Test
    void declarationsMatchBitcoindsNamesOrderTypesAndDefaults() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (RpcMethod m : methods()) {
            JsonNode spec = OpenRpcSchema.method(m.name()).orElse(null);
            if (spec == null) continue; // hidden and test-only methods: bitcoind publishes no schema for them
            checked++;
            List<RpcParamSpec> visible = m.params().stream().filter(p -> !p.hidden()).toList();
            JsonNode theirs = spec.get("params");
            List<String> ourNames = visible.stream().map(RpcParamSpec::name).toList();
            List<String> theirNames = new ArrayList<>();
            theirs.forEach(p -> theirNames.add(p.get("name").asText()));
            if (!ourNames.equals(theirNames)) {
                problems.add(m.name() + ": arguments " + ourNames + ", bitcoind " + theirNames);
                continue;
            }
            for (int i = 0; i < visible.size(); i++) {
                problems.addAll(compare(m.name(), visible.get(i), theirs.get(i)));
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).as("methods compared with bitcoind's schema").isGreaterThan(110);
    }

    private static List<String> compare(String method, RpcParamSpec ours, JsonNode theirs) {
        List<String> problems = new ArrayList<>();
        String where = method + "." + ours.name();
        if (ours.required() != theirs.get("required").asBoolean()) problems.add(where + ": required " + ours.required());
        List<String> aliases = new ArrayList<>();
        theirs.path("x-bitcoin-aliases").forEach(a -> aliases.add(a.asText()));
        if (!ours.allNames().subList(1, ours.allNames().size()).equals(aliases)) {
            problems.add(where + ": aliases " + ours.allNames() + ", bitcoind " + aliases);
        }
        JsonNode schema = theirs.get("schema");
        if (!typeMatches(ours.type(), schema)) problems.add(where + ": type " + ours.type() + ", bitcoind " + RpcJson.write(schema));
        if (!ours.namedOptions().isEmpty()) {
            // An options object whose keys are also named arguments (OBJ_NAMED_PARAMS) declares bitcoind's keys and types.
            List<String> keys = new ArrayList<>();
            schema.path("properties").fieldNames().forEachRemaining(keys::add);
            List<String> ourKeys = ours.namedOptions().stream().map(RpcParamSpec.NamedOption::name).toList();
            if (!ourKeys.equals(keys)) problems.add(where + ": named options " + ourKeys + ", bitcoind " + keys);
            for (RpcParamSpec.NamedOption option : ours.namedOptions()) {
                JsonNode property = schema.path("properties").path(option.name());
                if (!property.isMissingNode() && !typeMatches(option.type(), property)) {
                    problems.add(where + "." + option.name() + ": type " + option.type() + ", bitcoind " + RpcJson.write(property));
                }
            }
        }
        JsonNode literal = schema.get("default");
        JsonNode hint = schema.get("x-bitcoin-default-hint");
        if (literal != null) {
            String text = RpcJson.write(literal);
            if (!ours.defaultHint().equals(java.util.Optional.of(text))) {
                problems.add(where + ": help default " + ours.defaultHint() + ", bitcoind " + text);
            }
            if (DESCRIPTIVE_LITERALS.contains(where)) {
                if (!ours.computedDefault()) problems.add(where + ": bitcoind's default is a description; declare it withHint");
            } else if (ours.defaultValue().map(RpcJson::write).filter(text::equals).isEmpty()) {
                problems.add(where + ": declared default " + ours.defaultValue().map(RpcJson::write) + ", bitcoind " + text);
            }
        } else if (hint != null) {
            if (!ours.defaultHint().equals(java.util.Optional.of(hint.asText()))) {
                problems.add(where + ": help default " + ours.defaultHint() + ", bitcoind's hint \"" + hint.asText() + "\"");
            }
        } else if (ours.defaultHint().isPresent()) {
            problems.add(where + ": declares default " + ours.defaultHint().get() + ", bitcoind none");
        }
        return problems;
    }

    /** Our declared type against the argument's JSON schema; ANY is bitcoind's skip_type_check and takes any. */
    private static boolean typeMatches(RpcParamType type, JsonNode schema) {
        Set<String> types = new TreeSet<>();
        if (schema.has("type")) types.add(schema.get("type").asText());
        schema.path("oneOf").forEach(alt -> types.add(alt.path("type").asText()));
        return switch (type) {
            case ANY -> true;
            case STR, STR_HEX -> types.equals(Set.of("string"));
            case NUM -> types.equals(Set.of("number"));
            case BOOL -> types.equals(Set.of("boolean"));
            case OBJ, OBJ_USER_KEYS -> types.equals(Set.of("object"));
            case ARR -> types.equals(Set.of("array"));
            case AMOUNT -> types.equals(Set.of("number", "string"));
            case RANGE -> types.equals(Set.of("number", "array"));
        };
    }

    /**
     * {@code help "dump_all_command_conversions"} (bitcoind's dumpArgMap, which rpc_help compares with bitcoin-cli's
     * table) is the declarations: every method, position, name, alias and named option key, marked when a string;
     * and, as rpc_help demands, a name converts the same way in every method (dummy and psbt excepted).
     */
    @Test
    void argumentMapComesFromTheDeclarations() throws Exception {
        RpcMethod help = served.registry().find("help").orElseThrow();
        JsonNode map = help.execute(new RpcRequest("help", RpcJson.array().add("dump_all_command_conversions"), help.params(),
                java.util.Optional.empty(), "test"));
        Set<String> listed = new HashSet<>();
        map.forEach(e -> listed.add(e.get(0).asText() + "/" + e.get(1).asInt() + "/" + e.get(2).asText() + "/" + e.get(3).asBoolean()));
        Set<String> declared = new HashSet<>();
        Map<String, Set<Boolean>> stringByName = new HashMap<>();
        for (RpcMethod m : methods()) {
            for (int i = 0; i < m.params().size(); i++) {
                RpcParamSpec p = m.params().get(i);
                List<Map.Entry<String, RpcParamType>> names = new ArrayList<>();
                p.allNames().forEach(n -> names.add(Map.entry(n, p.type())));
                p.namedOptions().forEach(o -> names.add(Map.entry(o.name(), o.type())));
                for (var n : names) {
                    boolean string = n.getValue() == RpcParamType.STR || n.getValue() == RpcParamType.STR_HEX;
                    declared.add(m.name() + "/" + i + "/" + n.getKey() + "/" + string);
                    stringByName.computeIfAbsent(n.getKey(), k -> new TreeSet<>()).add(string);
                }
            }
        }
        assertThat(listed).isEqualTo(declared).contains("send/4/add_inputs/false", "echo/0/arg0/true", "getblock/1/verbose/false");
        stringByName.keySet().removeAll(Set.of("dummy", "psbt"));
        assertThat(stringByName).allSatisfy((name, kinds) -> assertThat(kinds).as(name).hasSize(1));
    }

    /** Help lists each visible argument in declared order with its declared default, as bitcoind's help does. */
    @Test
    void helpShowsTheDeclarations() {
        for (RpcMethod m : methods()) {
            String help = m.help();
            List<RpcParamSpec> visible = m.params().stream().filter(p -> !p.hidden()).toList();
            int from = help.indexOf("\nArguments:\n");
            assertThat(from >= 0).as(m.name() + " help has Arguments").isEqualTo(!visible.isEmpty());
            for (int i = 0; i < visible.size(); i++) {
                RpcParamSpec p = visible.get(i);
                String line = (i + 1) + ". " + p.name() + "    (" + p.type().helpName()
                        + (p.required() ? ", required" : p.defaultHint().map(h -> ", optional, default=" + h).orElse(", optional")) + ")";
                int at = help.indexOf("\n" + line, from);
                assertThat(at).as(m.name() + " help shows " + line).isGreaterThan(from);
                from = at;
            }
        }
    }

    /**
     * Method code reads every argument by a name its method declares, never by position, and never writes a
     * literal default of its own: a fallback in code ({@code arg("x").asIntOr(...)}, {@code arg("x").isNull() ? ...})
     * is only for an argument whose declared default is computed ({@link RpcParamSpec#withHint}) or absent.
     */
    @Test
    void methodCodeReadsArgumentsByDeclaredNameOnly() throws IOException {
        Map<Path, Map<String, RpcParamSpec>> declaredByFile = new HashMap<>();
        Map<String, RpcParamSpec> declaredAnywhere = new HashMap<>();
        for (RpcMethod m : methods()) {
            Class<?> top = m.getClass();
            while (top.getEnclosingClass() != null) top = top.getEnclosingClass();
            Path file = SOURCES.resolve(top.getName().replace('.', '/') + ".java");
            assertThat(file).as(m.name() + " source").exists();
            for (RpcParamSpec p : m.params()) {
                declaredByFile.computeIfAbsent(file, f -> new HashMap<>()).merge(p.name(), p, ArgumentDeclarationsTest::stricter);
                declaredAnywhere.merge(p.name(), p, ArgumentDeclarationsTest::stricter);
            }
        }
        List<String> problems = new ArrayList<>();
        Set<Path> methodFiles = new HashSet<>(declaredByFile.keySet());
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(SOURCES.resolve("dev/blocksmith/rpc/methods"))) {
            sources = walk.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : sources) {
            if (file.getParent().endsWith("methods")) continue; // the argument machinery itself
            String text = Files.readString(file);
            String where = SOURCES.relativize(file).toString();
            // A helper shared by several methods (TransactionConstructor, SendFinisher, ...) reads names they declare.
            Map<String, RpcParamSpec> declared = methodFiles.contains(file) ? declaredByFile.get(file) : declaredAnywhere;
            for (String name : matches(ARG, text)) {
                if (!declared.containsKey(name)) problems.add(where + ": reads undeclared argument " + name);
            }
            for (String name : matches(ARG_OR, text)) {
                RpcParamSpec p = declared.get(name);
                if (p != null && !p.computedDefault()) problems.add(where + ": writes a default in code for " + name);
            }
            for (String name : matches(ARG_TERNARY, text)) {
                RpcParamSpec p = declared.get(name);
                if (p != null && p.defaultValue().isPresent()) problems.add(where + ": writes a default in code for " + name);
            }
            if (text.contains("positionalArguments()") && !file.endsWith("control/EchoMethod.java")) {
                problems.add(where + ": reads arguments by position");
            }
        }
        assertThat(methodFiles).as("method sources found").hasSizeGreaterThan(100);
        assertThat(problems).isEmpty();
    }

    /** Of two declarations under one name in one file, the one with a literal default decides. */
    private static RpcParamSpec stricter(RpcParamSpec a, RpcParamSpec b) {
        return a.defaultValue().isPresent() ? a : b;
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) out.add(m.group(1));
        return out;
    }
}
