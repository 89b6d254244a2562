/**
 * The lifecycle of a VPC's registration: the checks add-vpc and remove-vpc run before they change
 * anything ({@link dev.mirrorflow.activities.lifecycle.VpcRequestValidator}).
 */
package dev.mirrorflow.activities.lifecycle;
