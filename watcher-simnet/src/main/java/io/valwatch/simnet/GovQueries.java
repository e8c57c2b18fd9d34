package io.valwatch.simnet;

import io.valwatch.identity.Bech32;
import io.valwatch.proto.cosmos.base.query.v1beta1.PageRequest;
import io.valwatch.proto.cosmos.gov.v1.Proposal;
import io.valwatch.proto.cosmos.gov.v1.ProposalStatus;
import io.valwatch.proto.cosmos.gov.v1.QueryProposalsRequest;
import io.valwatch.proto.cosmos.gov.v1.QueryProposalsResponse;
import io.valwatch.proto.cosmos.gov.v1.QueryVoteRequest;
import io.valwatch.proto.cosmos.gov.v1.QueryVoteResponse;
import io.valwatch.proto.cosmos.gov.v1.Vote;
import io.valwatch.proto.cosmos.gov.v1.VoteOption;
import io.valwatch.proto.cosmos.gov.v1.WeightedVoteOption;
import io.valwatch.proto.cosmos.upgrade.v1beta1.Plan;
import io.valwatch.proto.cosmos.upgrade.v1beta1.QueryCurrentPlanRequest;
import io.valwatch.proto.cosmos.upgrade.v1beta1.QueryCurrentPlanResponse;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * {@code cosmos.gov.v1.Query} Proposals and Vote, and {@code cosmos.upgrade.v1beta1.Query} CurrentPlan, the
 * same on every chain. A proposal is in its voting period from its start block until its end block, then
 * passed; votes are YES votes of validator accounts; a voter without a vote gets SDK 0.50's
 * {@code InvalidArgument} "voter: … not found for proposal: …".
 */
final class GovQueries {
  private static final String GOV = "/cosmos.gov.v1.Query/";
  private static final String GOV_REST = "/cosmos/gov/v1/";
  private static final Instant UNSET_PLAN_TIME = Instant.parse("0001-01-01T00:00:00Z");

  private GovQueries() {}

  static List<QueryRoute> routes() {
    return List.of(
        QueryRoute.of(GOV + "Proposals", GOV_REST + "proposals", QueryProposalsRequest.getDefaultInstance(),
            GovQueries::proposals),
        QueryRoute.of(GOV + "Vote", GOV_REST + "proposals/{proposal_id}/votes/{voter}",
            QueryVoteRequest.getDefaultInstance(), GovQueries::vote),
        currentPlanRoute());
  }

  /** {@code cosmos.upgrade.v1beta1.Query} CurrentPlan, served by every SDK version. */
  static QueryRoute currentPlanRoute() {
    return QueryRoute.of("/cosmos.upgrade.v1beta1.Query/CurrentPlan", "/cosmos/upgrade/v1beta1/current_plan",
        QueryCurrentPlanRequest.getDefaultInstance(), (state, request) -> currentPlan(state));
  }

  private static QueryOutcome proposals(ChainState state, QueryProposalsRequest request) throws InvalidRequest {
    ProposalStatus wanted = request.getProposalStatus();
    Page<Proposal> page = page(state, p -> proposal(state, p),
        p -> wanted == ProposalStatus.PROPOSAL_STATUS_UNSPECIFIED || p.getStatus() == wanted, Proposal::getId,
        request.getPagination());
    return QueryOutcome.ok(QueryProposalsResponse.newBuilder()
        .addAllProposals(page.items())
        .setPagination(page.response())
        .build());
  }

  private static Proposal proposal(ChainState state, Scenario.Proposal p) {
    return Proposal.newBuilder()
        .setId(p.id())
        .setStatus(state.inVotingPeriod(p)
            ? ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD
            : ProposalStatus.PROPOSAL_STATUS_PASSED)
        .setSubmitTime(ProtoValues.timestamp(state.config.time(p.votingStartHeight())))
        .setVotingStartTime(ProtoValues.timestamp(state.config.time(p.votingStartHeight())))
        .setVotingEndTime(ProtoValues.timestamp(state.config.time(p.votingEndHeight())))
        .setTitle(p.title())
        .build();
  }

  /** The page of the proposals submitted so far, rendered, that the request wants. */
  static <P> Page<P> page(ChainState state, Function<Scenario.Proposal, P> render, Predicate<P> wanted,
      ToLongFunction<P> id, PageRequest pagination) throws InvalidRequest {
    List<P> matching = state.proposals().stream().map(render).filter(wanted).toList();
    // The SDK keys proposals by their id as 8 big-endian bytes.
    return Page.of(matching, p -> ByteBuffer.allocate(8).putLong(id.applyAsLong(p)).array(), pagination);
  }

  private static QueryOutcome vote(ChainState state, QueryVoteRequest request) throws InvalidRequest {
    Optional<QueryOutcome> refusal = voteRefusal(state, request.getProposalId(), request.getVoter());
    if (refusal.isPresent()) {
      return refusal.get();
    }
    return QueryOutcome.ok(QueryVoteResponse.newBuilder()
        .setVote(Vote.newBuilder()
            .setProposalId(request.getProposalId())
            .setVoter(request.getVoter())
            .addOptions(WeightedVoteOption.newBuilder()
                .setOption(VoteOption.VOTE_OPTION_YES)
                .setWeight("1000000000000000000")))
        .build());
  }

  /** The SDK's refusal of a Vote query, worded alike by gov v1 and v1beta1; empty when the voter voted. */
  static Optional<QueryOutcome> voteRefusal(ChainState state, long proposalId, String voter) throws InvalidRequest {
    if (proposalId == 0) {
      return Optional.of(QueryOutcome.invalidArgument("proposal id can not be 0"));
    }
    if (voter.isEmpty()) {
      return Optional.of(QueryOutcome.invalidArgument("empty voter address"));
    }
    if (!state.voted(proposalId, account(state.config, voter))) {
      return Optional.of(
          QueryOutcome.invalidArgument("voter: " + voter + " not found for proposal: " + proposalId));
    }
    return Optional.empty();
  }

  private static byte[] account(ChainConfig config, String voter) throws InvalidRequest {
    Bech32.Decoded decoded;
    try {
      decoded = Bech32.decode(voter);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequest("decoding bech32 failed: " + e.getMessage());
    }
    if (!decoded.hrp().equals(config.bech32Prefix())) {
      throw new InvalidRequest(
          "invalid Bech32 prefix; expected " + config.bech32Prefix() + ", got " + decoded.hrp());
    }
    return decoded.data();
  }

  private static QueryOutcome currentPlan(ChainState state) {
    QueryCurrentPlanResponse.Builder reply = QueryCurrentPlanResponse.newBuilder();
    state.currentPlan().ifPresent(plan -> reply.setPlan(plan(plan)));
    return QueryOutcome.ok(reply.build());
  }

  /** A plan as x/upgrade stores it, with the deprecated time left at its zero value. */
  static Plan plan(Scenario.UpgradePlan plan) {
    return Plan.newBuilder()
        .setName(plan.name())
        .setTime(ProtoValues.timestamp(UNSET_PLAN_TIME))
        .setHeight(plan.height())
        .setInfo(plan.info())
        .build();
  }
}
