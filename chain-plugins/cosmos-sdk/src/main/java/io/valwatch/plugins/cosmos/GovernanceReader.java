package io.valwatch.plugins.cosmos;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.valwatch.model.GovernanceData;
import io.valwatch.model.UpgradePlan;
import io.valwatch.model.VotingProposal;
import io.valwatch.proto.cosmos.gov.v1.Proposal;
import io.valwatch.proto.cosmos.gov.v1.ProposalStatus;
import io.valwatch.proto.cosmos.gov.v1.QueryProposalsRequest;
import io.valwatch.proto.cosmos.gov.v1.QueryProposalsResponse;
import io.valwatch.proto.cosmos.gov.v1.QueryVoteRequest;
import io.valwatch.proto.cosmos.gov.v1.QueryVoteResponse;
import io.valwatch.proto.cosmos.gov.v1beta1.TextProposal;
import io.valwatch.proto.cosmos.upgrade.v1beta1.Plan;
import io.valwatch.proto.cosmos.upgrade.v1beta1.QueryCurrentPlanRequest;
import io.valwatch.proto.cosmos.upgrade.v1beta1.QueryCurrentPlanResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the standard x/gov and x/upgrade modules: the proposals in their voting period, whether each
 * asked-about validator has voted on them, and the upgrade plan. Requests: one per page of proposals, one
 * {@code Vote} query per proposal and validator, one for the plan, all pinned to one height.
 *
 * <p>gov v1 ({@code cosmos.gov.v1}, SDK 0.46 and later) is asked first; a chain that does not serve it is
 * read through gov v1beta1 from then on. A validator votes with its account address, derived from its
 * operator address. The chain says "has not voted" by refusing the {@code Vote} query as not found: SDK
 * 0.47 and 0.50 answer {@code InvalidArgument} with the text {@value #NO_VOTE_TEXT}, other versions and
 * forks {@code NotFound} ({@link ChainQueryException#notFound()}); any other refusal is an error. A chain
 * without x/gov or x/upgrade gets no proposals or no plan, logged once per reader.
 */
public final class GovernanceReader {
  /** {@code /cosmos.gov.v1.Query/Proposals}. */
  public static final QueryMethod<QueryProposalsRequest, QueryProposalsResponse> PROPOSALS =
      QueryMethod.of(io.valwatch.proto.cosmos.gov.v1.QueryGrpc.getProposalsMethod(), "/cosmos/gov/v1/proposals");
  /** {@code /cosmos.gov.v1.Query/Vote}. */
  public static final QueryMethod<QueryVoteRequest, QueryVoteResponse> VOTE =
      QueryMethod.of(
          io.valwatch.proto.cosmos.gov.v1.QueryGrpc.getVoteMethod(),
          "/cosmos/gov/v1/proposals/{proposal_id}/votes/{voter}");
  /** {@code /cosmos.gov.v1beta1.Query/Proposals}. */
  public static final QueryMethod<
          io.valwatch.proto.cosmos.gov.v1beta1.QueryProposalsRequest,
          io.valwatch.proto.cosmos.gov.v1beta1.QueryProposalsResponse>
      LEGACY_PROPOSALS =
          QueryMethod.of(
              io.valwatch.proto.cosmos.gov.v1beta1.QueryGrpc.getProposalsMethod(), "/cosmos/gov/v1beta1/proposals");
  /** {@code /cosmos.gov.v1beta1.Query/Vote}. */
  public static final QueryMethod<
          io.valwatch.proto.cosmos.gov.v1beta1.QueryVoteRequest, io.valwatch.proto.cosmos.gov.v1beta1.QueryVoteResponse>
      LEGACY_VOTE =
          QueryMethod.of(
              io.valwatch.proto.cosmos.gov.v1beta1.QueryGrpc.getVoteMethod(),
              "/cosmos/gov/v1beta1/proposals/{proposal_id}/votes/{voter}");
  /** {@code /cosmos.upgrade.v1beta1.Query/CurrentPlan}. */
  public static final QueryMethod<QueryCurrentPlanRequest, QueryCurrentPlanResponse> CURRENT_PLAN =
      QueryMethod.of(
          io.valwatch.proto.cosmos.upgrade.v1beta1.QueryGrpc.getCurrentPlanMethod(),
          "/cosmos/upgrade/v1beta1/current_plan");

  /** The error text of the SDK's {@code Vote} query for a voter without a vote on the proposal. */
  static final String NO_VOTE_TEXT = "not found for proposal";

  /**
   * The legacy (v1beta1) proposal contents of the SDK whose fields 1 and 2 are the title and description,
   * so that {@link TextProposal} reads the title of each of them.
   */
  static final Set<String> TITLED_LEGACY_CONTENTS =
      Set.of(
          "cosmos.gov.v1beta1.TextProposal",
          "cosmos.upgrade.v1beta1.SoftwareUpgradeProposal",
          "cosmos.upgrade.v1beta1.CancelSoftwareUpgradeProposal",
          "cosmos.params.v1beta1.ParameterChangeProposal",
          "cosmos.distribution.v1beta1.CommunityPoolSpendProposal");

  private static final Logger log = LoggerFactory.getLogger(GovernanceReader.class);

  private record Open(long id, String title, Instant votingEndTime) {}

  private final String chainId;
  private boolean legacyGov;
  private boolean reportedNoGov;
  private boolean reportedNoUpgrade;

  public GovernanceReader(String chainId) {
    this.chainId = chainId;
  }

  /**
   * Reads proposals in their voting period, who among {@code operatorAddresses} has voted on each, and the
   * current upgrade plan, within {@code snapshot}.
   *
   * @param operatorAddresses bech32 validator operator addresses ({@code cosmosvaloper1...})
   * @throws IllegalArgumentException naming the address when one is not an operator address
   * @throws IOException when a query fails for any reason other than the chain not serving x/gov or
   *     x/upgrade or not having a vote, or the data cannot be used
   */
  public GovernanceData read(Snapshot snapshot, Collection<String> operatorAddresses) throws IOException {
    Map<String, String> accountByOperator = new LinkedHashMap<>();
    for (String operator : operatorAddresses) {
      accountByOperator.put(operator, AccountAddresses.ofOperator(operator));
    }
    List<VotingProposal> proposals = new ArrayList<>();
    for (Open open : openProposals(snapshot)) {
      Set<String> voted = new HashSet<>();
      for (Map.Entry<String, String> validator : accountByOperator.entrySet()) {
        if (hasVoted(snapshot, open.id(), validator.getValue())) {
          voted.add(validator.getKey());
        }
      }
      proposals.add(new VotingProposal(open.id(), open.title(), open.votingEndTime(), voted));
    }
    return new GovernanceData(proposals, upgradePlan(snapshot));
  }

  private List<Open> openProposals(Snapshot snapshot) throws IOException {
    if (!legacyGov) {
      try {
        return proposals(snapshot);
      } catch (ChainQueryException e) {
        if (!e.notSupported()) {
          throw e;
        }
        log.info("Chain {} does not serve gov v1; reading governance through gov v1beta1 ({})", chainId, e.getMessage());
        legacyGov = true;
      }
    }
    try {
      return legacyProposals(snapshot);
    } catch (ChainQueryException e) {
      if (!e.notSupported()) {
        throw e;
      }
      if (!reportedNoGov) {
        reportedNoGov = true;
        log.warn("Chain {} serves neither gov v1 nor gov v1beta1; no proposals are watched ({})", chainId, e.getMessage());
      }
      return List.of();
    }
  }

  private List<Open> proposals(Snapshot snapshot) throws IOException {
    List<Open> open = new ArrayList<>();
    for (QueryProposalsResponse page :
        snapshot.queryAllPages(
            PROPOSALS,
            p -> QueryProposalsRequest.newBuilder()
                .setProposalStatus(ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD)
                .setPagination(p)
                .build(),
            QueryProposalsResponse::getPagination)) {
      for (Proposal p : page.getProposalsList()) {
        open.add(open(snapshot, p.getId(), p.getTitle(), p.hasVotingEndTime() ? p.getVotingEndTime() : null));
      }
    }
    return open;
  }

  private List<Open> legacyProposals(Snapshot snapshot) throws IOException {
    List<Open> open = new ArrayList<>();
    for (io.valwatch.proto.cosmos.gov.v1beta1.QueryProposalsResponse page :
        snapshot.queryAllPages(
            LEGACY_PROPOSALS,
            p -> io.valwatch.proto.cosmos.gov.v1beta1.QueryProposalsRequest.newBuilder()
                .setProposalStatus(io.valwatch.proto.cosmos.gov.v1beta1.ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD)
                .setPagination(p)
                .build(),
            io.valwatch.proto.cosmos.gov.v1beta1.QueryProposalsResponse::getPagination)) {
      for (io.valwatch.proto.cosmos.gov.v1beta1.Proposal p : page.getProposalsList()) {
        open.add(
            open(
                snapshot,
                p.getProposalId(),
                legacyTitle(p.getContent()),
                p.hasVotingEndTime() ? p.getVotingEndTime() : null));
      }
    }
    return open;
  }

  /** The title of a legacy content type known to carry one in field 1, else empty. */
  private static String legacyTitle(Any content) {
    String typeUrl = content.getTypeUrl();
    if (!TITLED_LEGACY_CONTENTS.contains(typeUrl.substring(typeUrl.lastIndexOf('/') + 1))) {
      return "";
    }
    try {
      return TextProposal.parseFrom(content.getValue()).getTitle();
    } catch (InvalidProtocolBufferException e) {
      return "";
    }
  }

  private boolean hasVoted(Snapshot snapshot, long proposalId, String voter) throws IOException {
    try {
      if (legacyGov) {
        return snapshot
            .query(
                LEGACY_VOTE,
                io.valwatch.proto.cosmos.gov.v1beta1.QueryVoteRequest.newBuilder()
                    .setProposalId(proposalId)
                    .setVoter(voter)
                    .build())
            .hasVote();
      }
      return snapshot
          .query(VOTE, QueryVoteRequest.newBuilder().setProposalId(proposalId).setVoter(voter).build())
          .hasVote();
    } catch (ChainQueryException e) {
      if (e.notFound() || e.detail().contains(NO_VOTE_TEXT)) {
        return false;
      }
      throw e;
    }
  }

  private Optional<UpgradePlan> upgradePlan(Snapshot snapshot) throws IOException {
    QueryCurrentPlanResponse reply;
    try {
      reply = snapshot.query(CURRENT_PLAN, QueryCurrentPlanRequest.getDefaultInstance());
    } catch (ChainQueryException e) {
      if (!e.notSupported()) {
        throw e;
      }
      if (!reportedNoUpgrade) {
        reportedNoUpgrade = true;
        log.warn("Chain {} does not serve x/upgrade queries; scheduled upgrades are not watched ({})", chainId, e.getMessage());
      }
      return Optional.empty();
    }
    if (!reply.hasPlan()) {
      return Optional.empty();
    }
    Plan plan = reply.getPlan();
    if (plan.getHeight() <= 0) {
      throw unusable(snapshot, "upgrade plan '" + plan.getName() + "' has height " + plan.getHeight());
    }
    return Optional.of(new UpgradePlan(plan.getName(), plan.getHeight(), plan.getInfo()));
  }

  private Open open(Snapshot snapshot, long id, String title, Timestamp votingEndTime) throws IOException {
    if (votingEndTime == null) {
      throw unusable(snapshot, "proposal " + id + " is in its voting period but has no voting_end_time");
    }
    return new Open(id, title, Instant.ofEpochSecond(votingEndTime.getSeconds(), votingEndTime.getNanos()));
  }

  private IOException unusable(Snapshot snapshot, String problem) {
    return new IOException(
        "chain " + chainId + " at height " + snapshot.height() + " returned governance data valwatch cannot use: "
            + problem);
  }
}
