package io.valwatch.simnet;

/** Chains shared by the server tests. */
final class TestChains {
  private TestChains() {}

  /**
   * Five validators at height 15; eve is offline from 1 and jailed at 11 (window 10, at most 5 misses),
   * dave votes nil at 3 and 4, heights below 2 are pruned.
   */
  static SimulatedChain fiveValidators() {
    SimulatedChain chain = SimulatedChain.builder()
        .chainId("simnet-test-1")
        .signedBlocksWindow(10)
        .minSignedPerWindow("0.5")
        .validator("alice", 50_000_000)
        .validator("bob", 40_000_000)
        .validator("carol", 30_000_000)
        .validator("dave", 20_000_000)
        .validator("eve", 10_000_000)
        .offline("eve", 1, 1_000)
        .nilVotes("dave", 3, 4)
        .earliestAvailableHeight(2)
        .build();
    chain.produceBlocks(15);
    return chain;
  }
}
