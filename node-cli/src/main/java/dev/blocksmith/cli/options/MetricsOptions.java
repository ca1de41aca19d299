package dev.blocksmith.cli.options;

import picocli.CommandLine.Option;

/** Prometheus metrics endpoint (off unless a port is given). */
public final class MetricsOptions {
    @Option(names = {"-metricsport", "--metricsport"}, paramLabel = "PORT", defaultValue = "0",
            description = "Serve Prometheus metrics on this port (default: off)")
    int metricsport;

    @Option(names = {"-metricsbind", "--metricsbind"}, paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address of the metrics endpoint (default: ${DEFAULT-VALUE})")
    String metricsbind;
}
