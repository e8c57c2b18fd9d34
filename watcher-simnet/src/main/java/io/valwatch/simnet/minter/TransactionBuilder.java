package io.valwatch.simnet.minter;

/**
 * Writes a signed Minter transaction for tests: a candidate switch with nonce, chain id, gas price and gas
 * coin as chosen (by default nonce 1, the chain's id, gas price 1, the base coin 0), signed by the owner key
 * the builder was started with. {@link #sign()} gives the transaction as API v2 takes it, {@code 0x…}.
 */
public final class TransactionBuilder {
  private final MinterChain chain;
  private final OwnerKey signer;
  private int chainId;
  private int type = SimTransaction.SET_CANDIDATE_OFF;
  private byte[] candidateKey;
  private long nonce = 1;
  private long gasPrice = 1;
  private long gasCoin;

  TransactionBuilder(MinterChain chain, OwnerKey signer, int chainId) {
    this.chain = chain;
    this.signer = signer;
    this.chainId = chainId;
  }

  /** A {@code SetCandidateOffline} (0x0B) for the candidate with this name. */
  public TransactionBuilder candidateOff(String candidate) {
    this.type = SimTransaction.SET_CANDIDATE_OFF;
    this.candidateKey = chain.candidateKeyBytes(candidate);
    return this;
  }

  /** A {@code SetCandidateOnline} (0x0A) for the candidate with this name. */
  public TransactionBuilder candidateOn(String candidate) {
    this.type = SimTransaction.SET_CANDIDATE_ON;
    this.candidateKey = chain.candidateKeyBytes(candidate);
    return this;
  }

  /** The nonce: one more than the sender's transaction count is the next usable one. */
  public TransactionBuilder nonce(long nonce) {
    this.nonce = nonce;
    return this;
  }

  public TransactionBuilder chainId(int chainId) {
    this.chainId = chainId;
    return this;
  }

  public TransactionBuilder gasPrice(long gasPrice) {
    this.gasPrice = gasPrice;
    return this;
  }

  public TransactionBuilder gasCoin(long coinId) {
    this.gasCoin = coinId;
    return this;
  }

  /** The signed transaction, {@code 0x} and lower-case hex. */
  public String sign() {
    if (candidateKey == null) {
      throw new IllegalStateException("say which candidate the switch is for: candidateOff(name) or candidateOn(name)");
    }
    byte[] raw = SimTransaction.encode(nonce, chainId, gasPrice, gasCoin, type, candidateKey, signer);
    return "0x" + java.util.HexFormat.of().formatHex(raw);
  }
}
