package io.valwatch.internal.risk;

import io.valwatch.model.ValidatorStatus;
import java.math.BigDecimal;

/**
 * What the validator rules look at for one tracked validator, beyond its status.
 *
 * @param status its status, risk included
 * @param doubleSignHeight the height of a block whose evidence named it since the watcher started; {@code null}
 *     when none
 * @param previousCommission its commission before a change seen at the last staking refresh; {@code null} when
 *     unchanged
 * @param previousConsensusAddress its consensus address before a change seen at the last refresh;
 *     {@code null} when unchanged
 * @param missedProposalHeight the last height, since the previous evaluation, at which it was due to propose in
 *     round 0 and a later round's block was committed; {@code null} when none
 */
public record ValidatorFacts(
    ValidatorStatus status,
    Long doubleSignHeight,
    BigDecimal previousCommission,
    String previousConsensusAddress,
    Long missedProposalHeight) {}
