package io.valwatch.simnet;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.valwatch.proto.cosmos.gov.v1beta1.Proposal;
import io.valwatch.proto.cosmos.gov.v1beta1.ProposalStatus;
import io.valwatch.proto.cosmos.gov.v1beta1.QueryProposalsRequest;
import io.valwatch.proto.cosmos.gov.v1beta1.QueryProposalsResponse;
import io.valwatch.proto.cosmos.gov.v1beta1.QueryVoteRequest;
import io.valwatch.proto.cosmos.gov.v1beta1.QueryVoteResponse;
import io.valwatch.proto.cosmos.gov.v1beta1.TextProposal;
import io.valwatch.proto.cosmos.gov.v1beta1.Vote;
import io.valwatch.proto.cosmos.gov.v1beta1.VoteOption;
import io.valwatch.proto.cosmos.gov.v1beta1.WeightedVoteOption;
import io.valwatch.proto.cosmos.upgrade.v1beta1.SoftwareUpgradeProposal;
import java.util.List;
import java.util.Optional;

/**
 * {@code cosmos.gov.v1beta1.Query} Proposals and Vote as Cosmos SDK 0.45 serves them, with the upgrade
 * module's CurrentPlan: each proposal's title lives in its {@code content}, an {@code Any}; a voter without a
 * vote gets {@code InvalidArgument} "voter: … not found for proposal: …", as with gov v1.
 */
final class LegacyGovQueries {
  private static final String GOV = "/cosmos.gov.v1beta1.Query/";
  private static final String GOV_REST = "/cosmos/gov/v1beta1/";

  private LegacyGovQueries() {}

  static List<QueryRoute> routes() {
    return List.of(
        QueryRoute.of(GOV + "Proposals", GOV_REST + "proposals", QueryProposalsRequest.getDefaultInstance(),
            LegacyGovQueries::proposals),
        QueryRoute.of(GOV + "Vote", GOV_REST + "proposals/{proposal_id}/votes/{voter}",
            QueryVoteRequest.getDefaultInstance(), LegacyGovQueries::vote),
        GovQueries.currentPlanRoute());
  }

  private static QueryOutcome proposals(ChainState state, QueryProposalsRequest request) throws InvalidRequest {
    ProposalStatus wanted = request.getProposalStatus();
    Page<Proposal> page = GovQueries.page(state, p -> proposal(state, p),
        p -> wanted == ProposalStatus.PROPOSAL_STATUS_UNSPECIFIED || p.getStatus() == wanted,
        Proposal::getProposalId, request.getPagination());
    return QueryOutcome.ok(QueryProposalsResponse.newBuilder()
        .addAllProposals(page.items())
        .setPagination(page.response())
        .build());
  }

  private static Proposal proposal(ChainState state, Scenario.Proposal p) {
    return Proposal.newBuilder()
        .setProposalId(p.id())
        .setContent(content(state, p))
        .setStatus(state.inVotingPeriod(p)
            ? ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD
            : ProposalStatus.PROPOSAL_STATUS_PASSED)
        .setSubmitTime(ProtoValues.timestamp(state.config.time(p.votingStartHeight())))
        .setVotingStartTime(ProtoValues.timestamp(state.config.time(p.votingStartHeight())))
        .setVotingEndTime(ProtoValues.timestamp(state.config.time(p.votingEndHeight())))
        .build();
  }

  /** A SoftwareUpgradeProposal when passing the proposal schedules a plan, else a TextProposal. */
  private static Any content(ChainState state, Scenario.Proposal p) {
    String description = "Proposal " + p.id() + " of the simulated chain.";
    Message content = state.planScheduledAt(p.votingEndHeight())
        .<Message>map(plan -> SoftwareUpgradeProposal.newBuilder()
            .setTitle(p.title())
            .setDescription(description)
            .setPlan(GovQueries.plan(plan))
            .build())
        .orElseGet(() -> TextProposal.newBuilder().setTitle(p.title()).setDescription(description).build());
    return Any.pack(content, "/");
  }

  private static QueryOutcome vote(ChainState state, QueryVoteRequest request) throws InvalidRequest {
    Optional<QueryOutcome> refusal = GovQueries.voteRefusal(state, request.getProposalId(), request.getVoter());
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
}
