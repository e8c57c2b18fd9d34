package io.valwatch.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How people read a chain's amounts: {@code denom} is worth 10^{@code exponent} base units (ATOM, 6 for
 * uatom). Metrics stay in base units; messages, the status page and {@code check} use this.
 *
 * @param denom the name shown after an amount
 * @param exponent base units per display unit, as a power of ten; 0 shows base units
 */
public record DisplayUnit(String denom, int exponent) {
  public DisplayUnit {
    Objects.requireNonNull(denom, "denom");
    if (denom.isBlank()) {
      throw new IllegalArgumentException("denom is empty");
    }
    if (exponent < 0 || exponent > 36) {
      throw new IllegalArgumentException("exponent must be between 0 and 36, got " + exponent);
    }
  }

  /**
   * The display unit the Cosmos SDK's denom convention implies for a base denom: {@code u} (micro, 10^6)
   * or, from four letters on, {@code a} (atto, 10^18) before the name, as in uatom, uinit and aevmos. Other
   * denoms are shown in base units.
   */
  public static DisplayUnit ofBaseDenom(String baseDenom) {
    return prefixed(baseDenom, "u", 6, 4)
        .or(() -> prefixed(baseDenom, "a", 18, 4))
        .orElseGet(() -> new DisplayUnit(baseDenom, 0));
  }

  private static Optional<DisplayUnit> prefixed(String denom, String prefix, int exponent, int minLength) {
    if (denom.length() >= minLength && denom.startsWith(prefix) && denom.substring(1).chars().allMatch(Character::isLetter)) {
      return Optional.of(new DisplayUnit(denom.substring(1).toUpperCase(Locale.ROOT), exponent));
    }
    return Optional.empty();
  }

  /** An amount in base units as people read it: {@code 1234.5 ATOM}, trailing zeros dropped. */
  public String format(BigInteger baseUnits) {
    BigDecimal value = new BigDecimal(baseUnits).movePointLeft(exponent).stripTrailingZeros();
    return (value.scale() < 0 ? value.setScale(0) : value).toPlainString() + " " + denom;
  }
}
