package io.valwatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkModeTest {
  @Test
  void monikerGlobsIgnoreCaseAndQuoteEverythingElse() {
    ValidatorFilter kiln = ValidatorFilter.moniker("kiln*");
    assertThat(kiln.matches("Kiln", 1)).isTrue();
    assertThat(kiln.matches("Kiln.fi (backup)", null)).isTrue();
    assertThat(kiln.matches("not kiln", 1)).isFalse();
    assertThat(ValidatorFilter.moniker("a.b?").matches("a.bc", 1)).isTrue();
    assertThat(ValidatorFilter.moniker("a.b?").matches("axbc", 1)).as("the dot is literal").isFalse();
    assertThat(ValidatorFilter.moniker("*[x]*").matches("node [x] two", 1)).isTrue();
    assertThat(kiln.matches(null, 1)).isFalse();
  }

  @Test
  void rankRangesAreInclusiveAndNeedARank() {
    ValidatorFilter top = ValidatorFilter.ranks(1, 3);
    assertThat(top.matches("a", 1)).isTrue();
    assertThat(top.matches("a", 3)).isTrue();
    assertThat(top.matches("a", 4)).isFalse();
    assertThat(top.matches("a", null)).as("not bonded, no rank").isFalse();
    assertThatThrownBy(() -> ValidatorFilter.ranks(0, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ValidatorFilter.ranks(5, 3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void includeAnyExcludeNone() {
    NetworkMode mode =
        new NetworkMode(
            List.of(ValidatorFilter.ranks(1, 10), ValidatorFilter.moniker("ours*")),
            List.of(ValidatorFilter.moniker("*test*")),
            50);
    assertThat(mode.selects("big", 2)).isTrue();
    assertThat(mode.selects("ours-2", 90)).isTrue();
    assertThat(mode.selects("small", 90)).isFalse();
    assertThat(mode.selects("big-test", 2)).isFalse();
    assertThat(NetworkMode.all().selects("", null)).isTrue();
    assertThatThrownBy(() -> new NetworkMode(List.of(), List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aChainTracksAListOrTheNetworkNotBoth() {
    assertThat(ChainSpec.builder("a").rpcEndpoint("http://127.0.0.1:1").trackAll().build().networkMode()).isTrue();
    assertThatThrownBy(() -> ChainSpec.builder("a").rpcEndpoint("http://127.0.0.1:1").track("x").trackAll().build())
        .hasMessageContaining("track either listed validators or every validator (network mode), not both");
  }
}
