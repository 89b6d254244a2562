/** The AWS CDK app: one stack per capture cluster. */
package dev.mirrorflow.infra;
