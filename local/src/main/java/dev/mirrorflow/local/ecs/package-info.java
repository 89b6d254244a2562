/**
 * Simulated Amazon ECS tasks on Fargate: task ENIs in the local EC2 and {@code ECS Task State Change}
 * events on the default bus ({@link dev.mirrorflow.local.ecs.LocalEcs}, admin routes {@link
 * dev.mirrorflow.local.ecs.EcsAdmin}).
 */
package dev.mirrorflow.local.ecs;
