package io.valwatch.it;

import static io.valwatch.it.FaultSuite.assertExactAfterHealing;
import static io.valwatch.it.FaultSuite.awaitProcessed;
import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.simnet.fault.Fault;
import io.valwatch.simnet.fault.FaultProxy;
import io.valwatch.simnet.fault.FaultRule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * An endpoint with a key in its path, an API key in its query and Basic credentials echoes the request back
 * in its errors and in {@code node_info.network}: none of the secrets reaches the metrics, the status API
 * or the log.
 */
@Timeout(120)
@Execution(ExecutionMode.CONCURRENT)
class EchoedSecretsFaultTest {
  private static final String PATH_KEY = "Zx81Qm40Lk29Pa73";
  private static final String API_KEY = "s3cretvalue42";
  private static final String PASSWORD = "hunter2pw";

  @TempDir Path dir;

  @Test
  void secretsEchoedByAnEndpointAreScrubbedEverywhere() throws Exception {
    try (LiveChain chain = FaultSuite.live("echo-1");
        FaultProxy proxy = FaultProxy.builder(chain.server().url()).pathPrefix("/key/" + PATH_KEY).start()) {
      String url = "http://ops:" + PASSWORD + "@127.0.0.1:" + proxy.port() + "/key/" + PATH_KEY + "?apikey=" + API_KEY;
      try (ExporterProcess exporter = FaultSuite.exporter(dir, chain, false, url)) {
        chain.run();
        awaitProcessed(exporter, "echo-1", 20);
        FaultRule echo = proxy.add(FaultRule.on("block", "status").times(6).fault(Fault.echoRequest(400)).build());
        FaultRule network = proxy.add(FaultRule.on("status").times(3)
            .fault(Fault.statusNetwork("other-1 apikey=" + API_KEY + " " + PATH_KEY)).build());
        FaultSuite.awaitExporter(exporter, e -> echo.hits() == 6 && network.hits() == 3, "the echoes delivered");
        ExporterProcess.sleep(300);
        List<String> secrets = List.of(PATH_KEY, API_KEY, PASSWORD,
            Base64.getEncoder().encodeToString(("ops:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        String metrics = exporter.get("/metrics").body();
        String status = exporter.get("/api/v1/status").body();
        String log = exporter.log();
        for (String secret : secrets) {
          assertThat(metrics).as("/metrics").doesNotContain(secret);
          assertThat(status).as("/api/v1/status").doesNotContain(secret);
          assertThat(log).as("the log").doesNotContain(secret);
        }
        assertExactAfterHealing(exporter, chain);
      }
    }
  }
}
