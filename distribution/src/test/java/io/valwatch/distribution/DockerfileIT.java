package io.valwatch.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Images cannot be built where the tests run (no container engine), so this checks what the Dockerfile must
 * say; {@link DistributionIT} runs its HEALTHCHECK command against the distribution it copies.
 */
class DockerfileIT {
  private final Dockerfile dockerfile = Dockerfile.read();

  @Test
  void buildsTheDistributionThenCopiesItOntoASlimBase() {
    List<String> from = dockerfile.all("FROM");
    assertThat(from).hasSize(2);
    assertThat(from.get(0)).endsWith(" AS build");
    assertThat(from.get(1)).contains("-slim");
    assertThat(dockerfile.all("RUN").get(0)).contains("./mvnw", "-Pdist", "linux-x64.tar.gz");
    assertThat(dockerfile.all("COPY")).anyMatch(c -> c.equals("--from=build /dist /opt/valwatch"));
    assertThat(dockerfile.arguments("ENTRYPOINT")).isEqualTo("[\"/opt/valwatch/bin/valwatch\"]");
  }

  @Test
  void runsAsANonRootUserWithAStateVolumeOnPort9300() {
    assertThat(dockerfile.arguments("USER")).isEqualTo("65532:65532");
    assertThat(dockerfile.arguments("VOLUME")).isEqualTo("[\"/var/lib/valwatch\"]");
    assertThat(dockerfile.arguments("EXPOSE")).isEqualTo("9300");
    assertThat(dockerfile.arguments("CMD"))
        .isEqualTo("[\"run\", \"--config\", \"/etc/valwatch/valwatch.yaml\", \"--state-dir\", \"/var/lib/valwatch\"]");
  }

  @Test
  void checksHealthOnHealthz() {
    assertThat(dockerfile.arguments("HEALTHCHECK")).contains("CMD [", "/dev/tcp/127.0.0.1/9300", "GET /healthz");
  }

  @Test
  void setsContainerFitJvmOptions() {
    assertThat(dockerfile.arguments("ENV")).startsWith("VALWATCH_OPTS=").contains("-XX:MaxRAMPercentage=");
  }
}
