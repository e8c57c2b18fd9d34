package io.valwatch.simnet;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Ready-made chain scripts. */
public final class Scenarios {
  private static final int DEMO_CYCLE = 300;
  private static final int DEMO_CYCLES = 1_000;

  private Scenarios() {}

  /**
   * The chain behind the exporter's {@code demo} mode: {@code valwatch-demo-1}, one block per second,
   * genesis at the current second, slashing window 100 with {@code min_signed_per_window} 0.5 (so at most
   * 50 misses), 60 s downtime jail. Six genesis validators: Aurora Staking (9,000 power), Borealis Nodes
   * (7,000), Cygnus Validation (5,500), Dorado Infra (4,000), Eridani Labs (3,000), Fornax Capital (2,000).
   *
   * <p>The script repeats every 300 blocks (1,000 times, about 83 hours); with {@code b} the start of a
   * cycle (0, 300, 600, …):
   *
   * <ul>
   *   <li><b>Dorado Infra goes offline</b> from {@code b+20} to {@code b+140}. In the first cycle it cannot be
   *       jailed before height 101 ({@code start_height} 0 + window 100); at block 101 its counter is 81, so
   *       it is jailed at <b>101</b> and leaves the validator set at 103. In later cycles its
   *       {@code start_height} is {@code b-130}, so it is jailed as soon as the counter passes 50: at
   *       <b>{@code b+71}</b>, leaving the set at {@code b+73}.
   *   <li>It sends MsgUnjail at {@code b+170} (after its 60 s jail), re-bonds there and is back in the set at
   *       {@code b+172}.
   *   <li>Borealis Nodes votes nil at {@code b+30..b+34} (nil counts as signed).
   *   <li>Gemini Relay (2,500 power) joins at {@code b+40} (in the set from {@code b+42}) and leaves at
   *       {@code b+250} (out of the set from {@code b+252}).
   * </ul>
   *
   * The returned builder can be adjusted further, e.g. with a fixed {@code genesisTime} in tests.
   */
  public static SimulatedChain.Builder demo() {
    SimulatedChain.Builder builder = SimulatedChain.builder()
        .chainId("valwatch-demo-1")
        .genesisTime(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .blockInterval(Duration.ofSeconds(1))
        .signedBlocksWindow(100)
        .minSignedPerWindow("0.5")
        .downtimeJailDuration(Duration.ofSeconds(60))
        .validator("Aurora Staking", 9_000_000_000L)
        .validator("Borealis Nodes", 7_000_000_000L)
        .validator("Cygnus Validation", 5_500_000_000L)
        .validator("Dorado Infra", 4_000_000_000L)
        .validator("Eridani Labs", 3_000_000_000L)
        .validator("Fornax Capital", 2_000_000_000L);
    for (long b = 0; b < (long) DEMO_CYCLE * DEMO_CYCLES; b += DEMO_CYCLE) {
      builder.offline("Dorado Infra", b + 20, b + 140)
          .unjail("Dorado Infra", b + 170)
          .nilVotes("Borealis Nodes", b + 30, b + 34)
          .join("Gemini Relay", b + 40, 2_500_000_000L)
          .leave("Gemini Relay", b + 250);
    }
    return builder;
  }
}
