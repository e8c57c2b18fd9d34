package io.valwatch.plugins.cosmos;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.valwatch.model.GovernanceData;
import io.valwatch.model.UpgradePlan;
import io.valwatch.model.VotingProposal;
import io.valwatch.proto.cosmos.base.query.v1beta1.PageResponse;
import io.valwatch.proto.cosmos.gov.v1beta1.TextProposal;
import io.valwatch.proto.cosmos.upgrade.v1beta1.Plan;
import io.valwatch.proto.cosmos.upgrade.v1beta1.QueryCurrentPlanRequest;
import io.valwatch.proto.cosmos.upgrade.v1beta1.QueryCurrentPlanResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A chain that serves governance through gov v1beta1 only (as before Cosmos SDK 0.46), which the simulated
 * chain does not: its gov v1 queries are unknown (abci code 6, gRPC UNIMPLEMENTED, REST 404), and over
 * v1beta1, as {@code abci_query}, gRPC and LCD REST JSON written by hand, proposals 7 (a TextProposal) and 9 (a
 * SoftwareUpgradeProposal) are in their voting period, over two pages; validator A voted on both, validator
 * B on 9 only; the upgrade plan {@code v20} is scheduled.
 */
final class LegacyGovChain {
  static final String VAL_A = "cosmosvaloper1sjllsnramtg3ewxqwwrwjxfgc4n4ef9u2lcnj0";
  static final String ACCOUNT_A = "cosmos1sjllsnramtg3ewxqwwrwjxfgc4n4ef9u0tvx7u";
  static final String VAL_B = "cosmosvaloper1668wcrfwsfy0rmryek6ctmdkrm9yx27c2msqng";
  static final String ACCOUNT_B = "cosmos1668wcrfwsfy0rmryek6ctmdkrm9yx27c00y4lm";
  static final Instant END_7 = Instant.parse("2026-12-01T12:00:00Z");
  static final Instant END_9 = Instant.parse("2026-12-03T08:30:00.5Z");
  static final String TITLE_7 = "Raise the community tax to 5%";
  static final String TITLE_9 = "Software upgrade to v20";
  static final long PLAN_HEIGHT = 22_433_500;
  static final String PLAN_INFO = "{\"binaries\":{}}";
  static final ByteString PAGE_TWO = ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 9});
  static final String PAGE_TWO_BASE64 = "AAAAAAAAAAk=";

  /** Who has voted on what, as proposal id and voting account. */
  private static final Set<String> VOTES = Set.of("7/" + ACCOUNT_A, "9/" + ACCOUNT_A, "9/" + ACCOUNT_B);

  private LegacyGovChain() {}

  /** What every transport must read, asking about validators A and B. */
  static GovernanceData expected() {
    return new GovernanceData(
        List.of(
            new VotingProposal(7, TITLE_7, END_7, Set.of(VAL_A)),
            new VotingProposal(9, TITLE_9, END_9, Set.of(VAL_A, VAL_B))),
        Optional.of(new UpgradePlan("v20", PLAN_HEIGHT, PLAN_INFO)));
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  static Plan planMessage() {
    return Plan.newBuilder()
        .setName("v20")
        .setTime(Timestamp.newBuilder().setSeconds(-62135596800L))
        .setHeight(PLAN_HEIGHT)
        .setInfo(PLAN_INFO)
        .build();
  }

  /** The fields of an SDK message or content, written by hand for types valwatch has no class for. */
  private static ByteString fields(String first, String second, Plan plan) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeString(1, first);
      if (second != null) {
        out.writeString(2, second);
        out.writeMessage(3, plan);
      } else {
        out.writeMessage(2, plan);
      }
      out.flush();
      return ByteString.copyFrom(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static io.valwatch.proto.cosmos.gov.v1beta1.QueryProposalsResponse legacyProposalsPage(ByteString key) {
    var status = io.valwatch.proto.cosmos.gov.v1beta1.ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD;
    if (key.equals(PAGE_TWO)) {
      return io.valwatch.proto.cosmos.gov.v1beta1.QueryProposalsResponse.newBuilder()
          .addProposals(
              io.valwatch.proto.cosmos.gov.v1beta1.Proposal.newBuilder()
                  .setProposalId(9)
                  .setContent(
                      Any.newBuilder()
                          .setTypeUrl("/cosmos.upgrade.v1beta1.SoftwareUpgradeProposal")
                          .setValue(fields(TITLE_9, "Upgrade the chain to v20.", planMessage())))
                  .setStatus(status)
                  .setVotingEndTime(timestamp(END_9)))
          .build();
    }
    return io.valwatch.proto.cosmos.gov.v1beta1.QueryProposalsResponse.newBuilder()
        .addProposals(
            io.valwatch.proto.cosmos.gov.v1beta1.Proposal.newBuilder()
                .setProposalId(7)
                .setContent(
                    Any.pack(
                        TextProposal.newBuilder().setTitle(TITLE_7).setDescription("Fund the community pool.").build(),
                        "/"))
                .setStatus(status)
                .setVotingEndTime(timestamp(END_7)))
        .setPagination(PageResponse.newBuilder().setNextKey(PAGE_TWO))
        .build();
  }

  private static boolean voted(long proposalId, String voter) {
    return VOTES.contains(proposalId + "/" + voter);
  }

  /** The upstream error text for a voter without a vote. */
  private static String noVoteText(long proposalId, String voter) {
    return "voter: " + voter + " not found for proposal: " + proposalId;
  }

  // abci_query.

  static FakeAbciNode abciNode() {
    return new FakeAbciNode(123)
        .answer(
            "/cosmos.gov.v1beta1.Query/Proposals",
            request -> legacyProposalsPage(
                parse(request, io.valwatch.proto.cosmos.gov.v1beta1.QueryProposalsRequest.parser()).getPagination().getKey()))
        .answerOrFail(
            "/cosmos.gov.v1beta1.Query/Vote",
            request -> {
              var q = parse(request, io.valwatch.proto.cosmos.gov.v1beta1.QueryVoteRequest.parser());
              return voted(q.getProposalId(), q.getVoter())
                  ? FakeAbciNode.Reply.of(legacyVoteReply(q.getProposalId(), q.getVoter()))
                  : FakeAbciNode.Reply.error(18, "sdk",
                      "rpc error: code = InvalidArgument desc = " + noVoteText(q.getProposalId(), q.getVoter()) + ": invalid request");
            })
        .answer("/cosmos.upgrade.v1beta1.Query/CurrentPlan", request -> currentPlan());
  }

  private static io.valwatch.proto.cosmos.gov.v1beta1.QueryVoteResponse legacyVoteReply(long proposalId, String voter) {
    return io.valwatch.proto.cosmos.gov.v1beta1.QueryVoteResponse.newBuilder()
        .setVote(
            io.valwatch.proto.cosmos.gov.v1beta1.Vote.newBuilder()
                .setProposalId(proposalId)
                .setVoter(voter)
                .addOptions(
                    io.valwatch.proto.cosmos.gov.v1beta1.WeightedVoteOption.newBuilder()
                        .setOption(io.valwatch.proto.cosmos.gov.v1beta1.VoteOption.VOTE_OPTION_NO)
                        .setWeight("1000000000000000000")))
        .build();
  }

  private static QueryCurrentPlanResponse currentPlan() {
    return QueryCurrentPlanResponse.newBuilder().setPlan(planMessage()).build();
  }

  private static <T> T parse(byte[] bytes, com.google.protobuf.Parser<T> parser) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(e);
    }
  }

  // gRPC.

  /** Gov v1 answering UNIMPLEMENTED, gov v1beta1 and the upgrade query service. */
  static List<BindableService> grpcServices() {
    List<BindableService> services = new ArrayList<>();
    services.add(new io.valwatch.proto.cosmos.gov.v1.QueryGrpc.QueryImplBase() {});
    services.add(
        new io.valwatch.proto.cosmos.gov.v1beta1.QueryGrpc.QueryImplBase() {
          @Override
          public void proposals(
              io.valwatch.proto.cosmos.gov.v1beta1.QueryProposalsRequest request,
              StreamObserver<io.valwatch.proto.cosmos.gov.v1beta1.QueryProposalsResponse> reply) {
            reply.onNext(legacyProposalsPage(request.getPagination().getKey()));
            reply.onCompleted();
          }

          @Override
          public void vote(
              io.valwatch.proto.cosmos.gov.v1beta1.QueryVoteRequest request,
              StreamObserver<io.valwatch.proto.cosmos.gov.v1beta1.QueryVoteResponse> reply) {
            if (voted(request.getProposalId(), request.getVoter())) {
              reply.onNext(legacyVoteReply(request.getProposalId(), request.getVoter()));
              reply.onCompleted();
            } else {
              reply.onError(Status.INVALID_ARGUMENT
                  .withDescription(noVoteText(request.getProposalId(), request.getVoter())).asRuntimeException());
            }
          }
        });
    services.add(
        new io.valwatch.proto.cosmos.upgrade.v1beta1.QueryGrpc.QueryImplBase() {
          @Override
          public void currentPlan(QueryCurrentPlanRequest request, StreamObserver<QueryCurrentPlanResponse> reply) {
            reply.onNext(LegacyGovChain.currentPlan());
            reply.onCompleted();
          }
        });
    return services;
  }

  /** Records the full name of every method called. */
  static final class CalledMethods implements ServerInterceptor {
    final List<String> names = Collections.synchronizedList(new ArrayList<>());

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
        ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
      names.add("/" + call.getMethodDescriptor().getFullMethodName());
      return next.startCall(call, headers);
    }
  }

  // REST.

  private static final Pattern VOTE_ROUTE = Pattern.compile("/cosmos/gov/v1beta1/proposals/(\\d+)/votes/([a-z0-9]+)");

  /** The LCD REST API over this state; records every request. */
  static final class RestNode extends Dispatcher {
    final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      requests.add(request);
      String path = request.getUrl().encodedPath();
      if (path.equals("/cosmos/gov/v1beta1/proposals")) {
        if (!"PROPOSAL_STATUS_VOTING_PERIOD".equals(request.getUrl().queryParameter("proposal_status"))) {
          return json(400, "{\"code\":3,\"message\":\"this test serves proposals in voting period only\",\"details\":[]}");
        }
        boolean secondPage = PAGE_TWO_BASE64.equals(request.getUrl().queryParameter("pagination.key"));
        return json(200, secondPage ? LEGACY_PROPOSALS_PAGE_2 : LEGACY_PROPOSALS_PAGE_1);
      }
      Matcher vote = VOTE_ROUTE.matcher(path);
      if (vote.matches()) {
        long id = Long.parseLong(vote.group(1));
        String voter = vote.group(2);
        return voted(id, voter)
            ? json(200, LEGACY_VOTE_JSON.formatted(id, voter))
            : json(400, "{\"code\":3,\"message\":\"" + noVoteText(id, voter) + "\",\"details\":[]}");
      }
      if (path.equals("/cosmos/upgrade/v1beta1/current_plan")) {
        return json(200, PLAN_JSON);
      }
      // grpc-gateway's answer for a route it does not have, gov v1's among them.
      return json(404, "{\"code\":5,\"message\":\"Not Found\",\"details\":[]}");
    }

    private static MockResponse json(int code, String body) {
      return new MockResponse.Builder()
          .code(code)
          .addHeader("Content-Type", "application/json")
          .addHeader(RestTransport.REPLY_HEIGHT_HEADER, Long.toString(123))
          .body(body)
          .build();
    }
  }

  static final String LEGACY_PROPOSALS_PAGE_1 =
      """
      {"proposals":[{"proposal_id":"7","content":{"@type":"/cosmos.gov.v1beta1.TextProposal",\
      "title":"Raise the community tax to 5%","description":"Fund the community pool."},\
      "status":"PROPOSAL_STATUS_VOTING_PERIOD","final_tally_result":{"yes":"0","abstain":"0","no":"0","no_with_veto":"0"},\
      "submit_time":"2026-11-17T12:00:00Z","deposit_end_time":"2026-12-01T12:00:00Z",\
      "total_deposit":[{"denom":"uatom","amount":"250000000"}],"voting_start_time":"2026-11-17T12:00:00Z",\
      "voting_end_time":"2026-12-01T12:00:00Z"}],\
      "pagination":{"next_key":"AAAAAAAAAAk=","total":"0"}}""";

  static final String LEGACY_PROPOSALS_PAGE_2 =
      """
      {"proposals":[{"proposal_id":"9","content":{"@type":"/cosmos.upgrade.v1beta1.SoftwareUpgradeProposal",\
      "title":"Software upgrade to v20","description":"Upgrade the chain to v20.","plan":{"name":"v20",\
      "time":"0001-01-01T00:00:00Z","height":"22433500","info":"{\\"binaries\\":{}}","upgraded_client_state":null}},\
      "status":"PROPOSAL_STATUS_VOTING_PERIOD","final_tally_result":{"yes":"0","abstain":"0","no":"0","no_with_veto":"0"},\
      "submit_time":"2026-11-19T08:30:00Z","deposit_end_time":"2026-12-03T08:30:00Z",\
      "total_deposit":[{"denom":"uatom","amount":"250000000"}],"voting_start_time":"2026-11-19T08:30:00.500Z",\
      "voting_end_time":"2026-12-03T08:30:00.500Z"}],\
      "pagination":{"next_key":null,"total":"0"}}""";

  static final String LEGACY_VOTE_JSON =
      """
      {"vote":{"proposal_id":"%d","voter":"%s","option":"VOTE_OPTION_NO","options":[{"option":"VOTE_OPTION_NO",\
      "weight":"1.000000000000000000"}]}}""";

  static final String PLAN_JSON =
      """
      {"plan":{"name":"v20","time":"0001-01-01T00:00:00Z","height":"22433500","info":"{\\"binaries\\":{}}",\
      "upgraded_client_state":null}}""";
}
