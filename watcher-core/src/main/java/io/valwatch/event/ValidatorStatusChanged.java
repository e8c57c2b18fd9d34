package io.valwatch.event;

import io.valwatch.model.StakingStatus;

/**
 * The staking module's view of a tracked validator changed (bond status, jailing, tombstoning, rank...).
 *
 * @param chainId the chain
 * @param identity the validator's configured identity
 * @param previous the former status; {@code null} at the first refresh
 * @param current the new status
 */
public record ValidatorStatusChanged(
    String chainId, String identity, StakingStatus previous, StakingStatus current) {}
