package io.valwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.model.ChainSpec;
import io.valwatch.model.ChainStatus;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WatcherStatusOrderTest {
  @Test
  void statusListsTheChainsInConfigurationOrder() {
    List<String> ids = IntStream.range(0, 12).mapToObj(i -> "chain-" + (char) ('z' - i) + "-" + i).toList();
    Watcher.Builder builder = Watcher.builder();
    ids.forEach(id -> builder.chain(ChainSpec.builder(id).rpcEndpoint("http://127.0.0.1:9").build()));

    try (Watcher watcher = builder.build()) {
      assertThat(watcher.status()).extracting(ChainStatus::chainId).containsExactlyElementsOf(ids);
    }
  }
}
