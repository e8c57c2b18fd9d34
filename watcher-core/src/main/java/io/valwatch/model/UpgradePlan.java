package io.valwatch.model;

/**
 * A software upgrade the chain has scheduled (the upgrade module's current plan).
 *
 * @param name the plan's name, usually the new version
 * @param height the height at which the chain halts for the upgrade
 * @param info free-form info from the plan
 */
public record UpgradePlan(String name, long height, String info) {}
