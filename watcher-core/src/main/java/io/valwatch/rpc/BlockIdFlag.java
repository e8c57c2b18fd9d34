package io.valwatch.rpc;

/** CometBFT's {@code tendermint.types.BlockIDFlag}: what a validator's precommit in a commit says. */
public enum BlockIdFlag {
  /** Flag 0: never sent by a correct node. */
  UNKNOWN,
  /** Flag 1: no precommit from this validator was included; only its index identifies it. */
  ABSENT,
  /** Flag 2: the validator precommitted the block. */
  COMMIT,
  /** Flag 3: the validator precommitted nil. Counts as signed for slashing. */
  NIL;

  /** Maps the JSON number of {@code block_id_flag} to the enum. */
  public static BlockIdFlag fromCode(int code) {
    return switch (code) {
      case 1 -> ABSENT;
      case 2 -> COMMIT;
      case 3 -> NIL;
      default -> UNKNOWN;
    };
  }

  /** True for the flags that x/slashing counts as signed (commit and nil). */
  public boolean countsAsSigned() {
    return this == COMMIT || this == NIL;
  }
}
