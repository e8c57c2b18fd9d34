package io.valwatch.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ListenAddressTest {
  @Test
  void parsesHostPortForms() {
    assertThat(ListenAddress.parse("127.0.0.1:9300")).isEqualTo(new ListenAddress("127.0.0.1", 9300));
    assertThat(ListenAddress.parse(":9400")).isEqualTo(new ListenAddress("0.0.0.0", 9400));
    assertThat(ListenAddress.parse("[::1]:9300")).isEqualTo(new ListenAddress("::1", 9300));
    assertThat(ListenAddress.parse("[::1]:9300").toString()).isEqualTo("[::1]:9300");
  }

  @Test
  void rejectsWhatIsNotHostPort() {
    assertThatThrownBy(() -> ListenAddress.parse("9300")).hasMessageContaining("expected host:port");
    assertThatThrownBy(() -> ListenAddress.parse("localhost:http")).hasMessageContaining("expected a port number");
    assertThatThrownBy(() -> ListenAddress.parse("localhost:70000")).hasMessageContaining("0..65535");
    assertThatThrownBy(() -> ListenAddress.parse("::1:9300")).hasMessageContaining("brackets");
  }
}
