/** What a capture cluster's resources are called: one place, for the CDK app, the local cloud, the steps and the CLI. */
package dev.mirrorflow.activities.cluster;
