package dev.mirrorflow.activities.session;

/**
 * Output of the DeleteSessions step: {@code {"subnetId","deleted":n,"alreadyGone":n}}.
 *
 * @param subnetId the batch's subnet
 * @param deleted sessions this attempt deleted
 * @param alreadyGone sessions that no longer existed (deleted by an earlier attempt, or with their ENI)
 */
public record DeleteBatchResult(String subnetId, int deleted, int alreadyGone) {}
