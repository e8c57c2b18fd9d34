package io.valwatch.plugins.cosmos;

import io.valwatch.identity.Bech32;

/**
 * The account address a validator acts with, such as when it votes: the same 20 bytes as its operator
 * address under the chain's account prefix ({@code cosmosvaloper1...} becomes {@code cosmos1...}).
 */
final class AccountAddresses {
  private static final String OPERATOR_SUFFIX = "valoper";

  private AccountAddresses() {}

  /**
   * @throws IllegalArgumentException naming the address when it is not bech32 or its prefix does not end in
   *     {@code valoper}
   */
  static String ofOperator(String operatorAddress) {
    Bech32.Decoded decoded = Bech32.decode(operatorAddress);
    String hrp = decoded.hrp();
    if (!hrp.endsWith(OPERATOR_SUFFIX) || hrp.length() == OPERATOR_SUFFIX.length()) {
      throw new IllegalArgumentException(
          "'" + operatorAddress + "' is not a validator operator address: its prefix '" + hrp
              + "' is not an account prefix followed by '" + OPERATOR_SUFFIX + "'");
    }
    return Bech32.encode(hrp.substring(0, hrp.length() - OPERATOR_SUFFIX.length()), decoded.data());
  }
}
