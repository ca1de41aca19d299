package dev.blocksmith.rpc.methods.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import org.junit.jupiter.api.Test;

class GenerateMethodTest {
    private static final String TEXT = "generate\n\nhas been replaced by the -generate cli option. Refer to -help for more information.\n";

    @Test
    void pointsToTheCliOptionAsBitcoindDoes() {
        GenerateMethod m = new GenerateMethod();
        assertThat(m.category()).isEqualTo(RpcCategory.HIDDEN);
        assertThat(m.help()).isEqualTo(TEXT);
        assertThatThrownBy(() -> m.execute(null))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(RpcErrorCode.METHOD_NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo(TEXT);
                });
    }
}
