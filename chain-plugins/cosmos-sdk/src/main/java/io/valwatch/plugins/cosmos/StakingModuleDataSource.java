package io.valwatch.plugins.cosmos;

import io.valwatch.model.GovernanceData;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.ChainDataSource;
import io.valwatch.spi.StakingParams;
import io.valwatch.spi.ValidatorInfo;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reads one Cosmos SDK chain: its staking module (as the subclass says), the standard x/slashing through
 * {@link SlashingReader} and governance through {@link GovernanceReader}, each read a {@link Snapshot}
 * pinned to the height its first query was answered at.
 */
public abstract class StakingModuleDataSource implements ChainDataSource {
  /** What a staking module gives: its validators and its parameters, if it has them. */
  public record Staking(List<ValidatorInfo> validators, Optional<StakingParams> params) {
    /** No staking data: for chains without a staking module, or when the {@code staking} option is off. */
    public static final Staking NONE = new Staking(List.of(), Optional.empty());
  }

  private final String chainId;
  private final QueryTransport transport;
  private final boolean stakingEnabled;
  private final SlashingReader slashing;
  private final GovernanceReader governance;

  /**
   * @param transport closed with this source
   * @param stakingEnabled false to skip the staking module
   */
  protected StakingModuleDataSource(String chainId, QueryTransport transport, boolean stakingEnabled) {
    this.chainId = chainId;
    this.transport = transport;
    this.stakingEnabled = stakingEnabled;
    this.slashing = new SlashingReader(chainId);
    this.governance = new GovernanceReader(chainId);
  }

  /** The chain this source reads. */
  protected final String chainId() {
    return chainId;
  }

  @Override
  public final ChainData fetch() throws IOException {
    Snapshot snapshot = new Snapshot(chainId, transport);
    Staking staking = stakingEnabled ? readStaking(snapshot) : Staking.NONE;
    SlashingReader.Slashing slashingData = slashing.read(snapshot);
    return ChainData.builder()
        .validators(staking.validators())
        .stakingParams(staking.params())
        .slashingParams(slashingData.params())
        .livenessRule(slashingData.livenessRule())
        .signingInfos(slashingData.signingInfos())
        .height(snapshot.height())
        .build();
  }

  /**
   * Reads the staking module, first in the read of {@code snapshot}.
   *
   * @throws IOException when the chain cannot be read, or its data cannot be used ({@link Snapshot#unusable})
   */
  protected abstract Staking readStaking(Snapshot snapshot) throws IOException;

  @Override
  public final GovernanceData governance(Collection<String> operatorAddresses) throws IOException {
    return governance.read(new Snapshot(chainId, transport), operatorAddresses);
  }

  @Override
  public final void close() {
    transport.close();
  }
}
