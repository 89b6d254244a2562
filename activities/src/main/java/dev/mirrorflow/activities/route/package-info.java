/**
 * The event router's step: from an EC2 instance or ECS task state-change event to a reconcile of the
 * subnets involved, when their VPC is registered and active ({@link dev.mirrorflow.activities.route.EventRouter}).
 */
package dev.mirrorflow.activities.route;
