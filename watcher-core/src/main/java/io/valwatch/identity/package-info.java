/**
 * Validator identities: bech32, consensus keys and addresses, and parsing of the ways a validator is named
 * (operator address, valcons address, hex address, public key).
 *
 * <p>Stability: stable.
 */
package io.valwatch.identity;
