package dev.blocksmith.cli.node;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LogCategoryConverterTest {
    @Test
    void tagsDebugLinesWithTheMostSpecificCategory() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("net", List.of("dev.blocksmith.p2p"));
        m.put("mempool", List.of("dev.blocksmith.core.mempool"));
        m.put("mempoolrej", List.of("dev.blocksmith.core.mempool"));
        m.put("addrman", List.of("dev.blocksmith.p2p.addr"));
        LogCategoryConverter.categories(m);
        assertThat(LogCategoryConverter.tag("dev.blocksmith.p2p.sync.SyncManager")).isEqualTo("[net] ");
        assertThat(LogCategoryConverter.tag("dev.blocksmith.p2p.addr.AddressManager")).isEqualTo("[addrman] ");
        assertThat(LogCategoryConverter.tag("dev.blocksmith.core.mempool.Mempool")).isEqualTo("[mempool] ");
        assertThat(LogCategoryConverter.tag("dev.blocksmith.p2pextra.X")).isEmpty();
        assertThat(LogCategoryConverter.tag("org.example.Other")).isEmpty();
    }
}
