package io.valwatch.simnet.minter;

/**
 * A candidate's state after one block, as the API serves it for that height.
 *
 * @param candidate the candidate (its identity and stake do not change)
 * @param status 1 offline, 2 online
 * @param validator whether it was in the app's validator list
 * @param jailedUntil the height its jail ends, 0 if never jailed
 * @param missedBlocks the printed absence bitmap
 * @param absentCount absences in the bitmap
 */
record CandidateState(
    Candidate candidate, int status, boolean validator, long jailedUntil, String missedBlocks, int absentCount) {}
