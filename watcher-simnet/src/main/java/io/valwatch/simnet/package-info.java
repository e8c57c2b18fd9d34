/**
 * A simulated CometBFT chain with Cosmos SDK or Initia staking and the standard x/slashing, served on
 * 127.0.0.1 the way a node serves it, so that watchers and chain plugins can be tested end to end against
 * a chain whose ground truth is known exactly.
 *
 * <p>Build a chain with {@link io.valwatch.simnet.SimulatedChain#builder()}, produce blocks, serve it with
 * {@link io.valwatch.simnet.SimnetServer}, point the code under test at the server, and compare what it
 * reports with {@link io.valwatch.simnet.SimulatedChain#truth()}.
 *
 * <h2>What is served</h2>
 *
 * <table>
 *   <caption>Queries by staking module</caption>
 *   <tr><th>Query service</th><th>{@link io.valwatch.simnet.StakingModule#COSMOS_SDK}</th>
 *       <th>{@link io.valwatch.simnet.StakingModule#INITIA}</th></tr>
 *   <tr><td>{@code cosmos.staking.v1beta1.Query} Validators, Validator, Pool</td><td>answered</td>
 *       <td>"not supported": abci code 6 with the log {@code rpc error: code = Unimplemented desc = not
 *       supported…}, gRPC UNIMPLEMENTED, REST 501 {@code {"code":12,"message":"Not Implemented","details":[]}}</td></tr>
 *   <tr><td>{@code cosmos.staking.v1beta1.Query} Params</td><td>answered</td>
 *       <td>answered, {@code bond_denom} = the base denom</td></tr>
 *   <tr><td>{@code initia.mstaking.v1.Query} Validators, Validator, Pool, Params</td><td>absent</td>
 *       <td>answered</td></tr>
 *   <tr><td>{@code cosmos.slashing.v1beta1.Query} Params, SigningInfo, SigningInfos</td><td>answered</td>
 *       <td>answered</td></tr>
 *   <tr><td>{@code cosmos.gov.v1.Query} Proposals, Vote; {@code cosmos.upgrade.v1beta1.Query} CurrentPlan</td>
 *       <td>answered</td><td>answered</td></tr>
 *   <tr><td>{@code cosmos.gov.v1beta1.Query} Proposals, Vote</td><td>only with {@code govV1beta1Only()}, which
 *       drops gov v1</td><td>only with {@code govV1beta1Only()}</td></tr>
 * </table>
 *
 * <p>Each query has one implementation and three transports, which therefore always agree:
 *
 * <ul>
 *   <li>{@code abci_query} on the CometBFT RPC ({@link io.valwatch.simnet.SimnetServer#url()}), path
 *       {@code /cosmos.staking.v1beta1.Query/Validators} and protobuf request bytes; errors carry the SDK's
 *       codes (18 invalid request, 38 not found, 6 unknown request, 26 invalid height) in codespace
 *       {@code sdk};
 *   <li>native gRPC ({@link io.valwatch.simnet.SimnetServer#grpcTarget()}, plaintext): errors are gRPC
 *       statuses such as INVALID_ARGUMENT and NOT_FOUND with the SDK's descriptions;
 *   <li>LCD REST ({@link io.valwatch.simnet.SimnetServer#restUrl()}) under {@code /cosmos/staking/v1beta1/},
 *       {@code /cosmos/slashing/v1beta1/} and {@code /initia/mstaking/v1/}, with grpc-gateway's query
 *       parameters ({@code status}, {@code pagination.key} in base64, {@code pagination.limit},
 *       {@code pagination.offset}, {@code pagination.count_total}, {@code pagination.reverse}) and JSON
 *       (int64 quoted, uint32 as numbers, enums by name, LegacyDec as {@code "0.050000000000000000"},
 *       Duration {@code "600s"}, RFC 3339 times, Any with {@code @type}); errors are
 *       {@code {"code":<gRPC code>,"message":…,"details":[]}} with grpc-gateway's HTTP status.
 * </ul>
 *
 * <p>gRPC and REST check the {@code x-cosmos-block-height} header (a future height is refused like the SDK
 * refuses it) and echo it in the reply header ({@code Grpc-Metadata-X-Cosmos-Block-Height} on REST);
 * {@code abci_query} does the same with its {@code height} argument. Staking and slashing state is always
 * the latest: a past height is accepted but not replayed. Blocks, commits and validator sets are kept per
 * height.
 *
 * <p>Pagination follows the SDK: {@code next_key} is the key of the first item after the page,
 * {@code total} is given only for offset pages that ask for it or give no limit. Validators are in operator
 * address order; Initia's Validators with {@code BOND_STATUS_BONDED} come in CometBFT power order, as
 * mstaking walks its power index.
 *
 * <h2>Rounds and proposers</h2>
 *
 * <p>Round 0's proposer of each height is chosen by CometBFT's proposer priorities, which {@code /validators}
 * shows. A validator that is {@code offline} at a height does not propose there either: the height is
 * committed in the first round whose proposer is online, the block's {@code proposer_address} is that
 * round's proposer and its commit ({@code last_commit} of the next block, {@code /commit}) carries the round.
 * {@link io.valwatch.simnet.SimulatedChain#heightTruth(long)} tells the round, both proposers and every
 * precommit of a height; {@link io.valwatch.simnet.ValidatorTruth#missedProposals()} counts the heights a
 * validator was due to propose in round 0 and did not. {@code window}, {@code soloMisses} and
 * {@code missedProposals} of {@link io.valwatch.simnet.SimulatedChain} read a validator's rolling window,
 * its misses while the others signed and its missed proposals over a range of heights.
 *
 * <h2>Initia</h2>
 *
 * <p>{@code stakingModule(StakingModule.INITIA)} gives the prefix {@code init} and the base denom
 * {@code uinit}; {@code lpDenom("move/<64 hex>", weight)} sets the LP denom and its voting power weight, and
 * {@code validator(name, uinit, lp)} bonds both. Voting power is {@code uinit + trunc(weight × lp)}, CometBFT
 * power is voting power / 10^6, and the set is ordered by it; slashing burns the same fraction of every
 * denom. The {@code initia.mstaking.v1} messages come from {@code io.valwatch:valwatch-proto}, like the Cosmos SDK
 * ones, so the simulator depends on no chain plugin.
 *
 * <h2>Governance</h2>
 *
 * <p>{@code proposal(id, title, votingStartHeight, votingEndHeight)} puts a gov v1 proposal in its voting
 * period from the start block until the end block (its {@code voting_end_time} is that block's time), then
 * it has passed; {@code vote(name, id, atHeight)} is a YES vote of the validator's account (its operator
 * address's bytes under the account prefix), ignored outside the voting period; {@code upgradePlan(name,
 * height, info, scheduledAtHeight)} is the upgrade module's current plan from the scheduling block until
 * the upgrade height ({@code {"plan":null}} otherwise). The Vote query of a voter without a vote answers as
 * SDK 0.50 does: INVALID_ARGUMENT {@code voter: <address> not found for proposal: <id>} (abci code 18,
 * REST 400 with code 3).
 *
 * <p>{@code govV1beta1Only()} serves the same proposals, votes and plan as a chain before Cosmos SDK 0.46
 * does: {@code cosmos.gov.v1beta1.Query} Proposals and Vote, and no gov v1 (abci code 6, gRPC UNIMPLEMENTED,
 * REST 404 with code 5). A v1beta1 proposal has no title of its own: its {@code content} is an {@code Any}
 * holding a {@code cosmos.gov.v1beta1.TextProposal} (title, description), or a
 * {@code cosmos.upgrade.v1beta1.SoftwareUpgradeProposal} (title, description, plan) when an upgrade plan is
 * scheduled in the block the proposal's voting ends, as passing it would schedule that plan. Statuses are
 * {@code PROPOSAL_STATUS_VOTING_PERIOD} and {@code PROPOSAL_STATUS_PASSED}; a voter without a vote gets the
 * same INVALID_ARGUMENT as with gov v1 (SDK 0.45 phrases it alike).
 *
 * <h2>For plugin authors</h2>
 *
 * <pre>{@code
 * SimulatedChain chain = SimulatedChain.builder()
 *     .signedBlocksWindow(100)
 *     .validator("alice", 60_000_000)
 *     .validator("bob", 40_000_000)
 *     .offline("bob", 10, 200)       // absent from height 10; x/slashing jails bob at block 101
 *     .build();
 * chain.produceBlocks(120);
 * try (SimnetServer server = SimnetServer.start(chain)) {
 *   // point the plugin at server.url(), server.grpcTarget() or server.restUrl(), run it, then:
 *   ValidatorTruth bob = chain.truth().validator("bob");
 *   // assert the plugin's view equals bob.missedBlocksCounter(), bob.jailed(), bob.status(), ...
 *   // and that it used the transport it should: server.requestCount("cosmos.slashing.v1beta1.Query/SigningInfos")
 * }
 * }</pre>
 */
package io.valwatch.simnet;
