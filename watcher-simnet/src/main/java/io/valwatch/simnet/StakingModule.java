package io.valwatch.simnet;

/** The staking module a {@link SimulatedChain} runs; slashing is the standard x/slashing with both. */
public enum StakingModule {
  /**
   * The Cosmos SDK's x/staking: one bond denom, CometBFT power = tokens / 10^6, served as
   * {@code cosmos.staking.v1beta1.Query}.
   */
  COSMOS_SDK,
  /**
   * Initia's x/mstaking: tokens in the base denom and one LP denom, CometBFT power = weighted voting power
   * / 10^6, served as {@code initia.mstaking.v1.Query}; {@code cosmos.staking.v1beta1.Query} answers only
   * Params and "not supported" for the rest.
   */
  INITIA
}
