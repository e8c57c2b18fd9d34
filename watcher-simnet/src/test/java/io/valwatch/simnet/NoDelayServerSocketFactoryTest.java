package io.valwatch.simnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class NoDelayServerSocketFactoryTest {
  @Test
  void acceptedConnectionsHaveNagleSwitchedOff() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    try (ServerSocket server = new NoDelayServerSocketFactory().createServerSocket()) {
      server.bind(new InetSocketAddress(loopback, 0));
      try (Socket client = new Socket(loopback, server.getLocalPort());
          Socket accepted = server.accept()) {
        assertThat(accepted.getTcpNoDelay()).isTrue();
        assertThat(accepted.getPort()).isEqualTo(client.getLocalPort());
      }
    }
  }

  @Test
  void bindingOverloadsListenOnTheGivenAddress() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    try (ServerSocket server = new NoDelayServerSocketFactory().createServerSocket(0, 5, loopback)) {
      assertThat(server.isBound()).isTrue();
      assertThat(server.getInetAddress()).isEqualTo(loopback);
    }
  }
}
