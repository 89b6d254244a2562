/**
 * The every-minute scan of a registered VPC: cheap when there is nothing to do, never a second
 * reconcile of a VPC while one runs ({@link dev.mirrorflow.activities.scan.VpcScanner}); and the turns
 * reconciles of a VPC take, so that two never read and create on the same subnet at once
 * ({@link dev.mirrorflow.activities.scan.ReconcileTurns}).
 */
package dev.mirrorflow.activities.scan;
