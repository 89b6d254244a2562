/**
 * The every-minute scan of a registered VPC: cheap when there is nothing to do, never a second
 * reconcile of a VPC while one runs ({@link dev.mirrorflow.activities.scan.VpcScanner}).
 */
package dev.mirrorflow.activities.scan;
