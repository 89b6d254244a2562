package dev.mirrorflow.activities.session;

/**
 * Output of the DeleteSessions step: {@code {"subnetId","deleted":n,"alreadyGone":n,"notOwned":n}}.
 *
 * @param subnetId the batch's subnet
 * @param deleted sessions this attempt deleted
 * @param alreadyGone sessions that no longer existed (deleted by an earlier attempt, or with their ENI)
 * @param notOwned sessions left alone because they do not carry this cluster's ownership tag
 */
public record DeleteBatchResult(String subnetId, int deleted, int alreadyGone, int notOwned) {}
