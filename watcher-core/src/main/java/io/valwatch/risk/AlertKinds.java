package io.valwatch.risk;

import java.util.List;

/**
 * The stable names of the conditions the watcher alerts on ({@link io.valwatch.alert.AlertKey#kind()}), and
 * what each is about. Kinds that exist once per proposal or per upgrade plan carry its id after the family
 * name ({@code governance_vote_missing_42}); {@link #family(String)} strips it.
 */
public final class AlertKinds {
  public static final String JAIL_IMMINENT = "jail_imminent";
  public static final String CONSECUTIVE_MISSES = "consecutive_misses";
  public static final String JAILED = "jailed";
  public static final String TOMBSTONED = "tombstoned";
  public static final String INACTIVE = "inactive";
  public static final String DOUBLE_SIGN = "double_sign";
  public static final String SEAT_PRICE_MARGIN = "seat_price_margin";
  public static final String COMMISSION_CHANGED = "commission_changed";
  public static final String CONSENSUS_KEY_CHANGED = "consensus_key_changed";
  public static final String MISSED_PROPOSAL = "missed_proposal";
  public static final String GOVERNANCE_VOTE_MISSING = "governance_vote_missing";
  public static final String CHAIN_STALLED = "chain_stalled";
  public static final String NO_HEALTHY_ENDPOINT = "no_healthy_endpoint";
  public static final String UPGRADE_SCHEDULED = "upgrade_scheduled";
  /** The watcher itself fails to process the chain, or processable heights stay unprocessed. */
  public static final String WATCHER_FAILING = "watcher_failing";
  /** The chain's state cannot be saved to the state directory; a restart would repeat heights. */
  public static final String STATE_NOT_SAVED = "state_not_saved";
  public static final String ENDPOINT_DOWN = "endpoint_down";
  public static final String ENDPOINT_CATCHING_UP = "endpoint_catching_up";
  public static final String ENDPOINT_WRONG_CHAIN = "endpoint_wrong_chain";
  public static final String ENDPOINT_LAGGING = "endpoint_lagging";

  /** What an alert's subject is. */
  public enum Scope {
    /** A tracked validator; the subject is its display address. */
    VALIDATOR,
    /** The chain itself; the subject is empty. */
    CHAIN,
    /** An RPC endpoint; the subject is its redacted URL. */
    ENDPOINT
  }

  private static final List<String> WITH_ID = List.of(GOVERNANCE_VOTE_MISSING, UPGRADE_SCHEDULED);
  private static final List<String> CHAIN_KINDS = List.of(CHAIN_STALLED, NO_HEALTHY_ENDPOINT, UPGRADE_SCHEDULED, WATCHER_FAILING, STATE_NOT_SAVED);
  private static final List<String> ONE_SHOT =
      List.of(COMMISSION_CHANGED, CONSENSUS_KEY_CHANGED, MISSED_PROPOSAL, UPGRADE_SCHEDULED, DOUBLE_SIGN);

  /** Every kind the watcher alerts on; those with an id ({@link #withId}) by their family name. */
  public static final List<String> FAMILIES =
      List.of(
          JAIL_IMMINENT, CONSECUTIVE_MISSES, JAILED, TOMBSTONED, INACTIVE, DOUBLE_SIGN, SEAT_PRICE_MARGIN,
          COMMISSION_CHANGED, CONSENSUS_KEY_CHANGED, MISSED_PROPOSAL, GOVERNANCE_VOTE_MISSING, CHAIN_STALLED,
          NO_HEALTHY_ENDPOINT, UPGRADE_SCHEDULED, WATCHER_FAILING, STATE_NOT_SAVED, ENDPOINT_DOWN,
          ENDPOINT_CATCHING_UP, ENDPOINT_WRONG_CHAIN, ENDPOINT_LAGGING);

  /**
   * The kinds a second endpoint can be asked about ({@code Watcher#confirm}): a missing signature, double-sign
   * evidence, or the staking data read through it.
   */
  public static final List<String> CONFIRMABLE =
      List.of(JAIL_IMMINENT, CONSECUTIVE_MISSES, DOUBLE_SIGN, JAILED, TOMBSTONED, INACTIVE);

  private AlertKinds() {}

  /** The kind without a proposal or plan id: {@code governance_vote_missing_42} gives {@code governance_vote_missing}. */
  public static String family(String kind) {
    for (String family : WITH_ID) {
      if (kind.length() > family.length() && kind.charAt(family.length()) == '_' && kind.startsWith(family)) {
        return family;
      }
    }
    return kind;
  }

  /** The kind for one proposal or plan, such as {@code governance_vote_missing_42}. */
  public static String withId(String family, String id) {
    if (!WITH_ID.contains(family)) {
      throw new IllegalArgumentException("alert kind " + family + " takes no id");
    }
    return family + "_" + id;
  }

  /** What a kind's subject is. */
  public static Scope scope(String kind) {
    String family = family(kind);
    if (family.startsWith("endpoint_")) {
      return Scope.ENDPOINT;
    }
    return CHAIN_KINDS.contains(family) ? Scope.CHAIN : Scope.VALIDATOR;
  }

  /** Whether alerts of a kind only ever fire, once, and never send a resolve. */
  public static boolean oneShot(String kind) {
    return ONE_SHOT.contains(family(kind));
  }
}
