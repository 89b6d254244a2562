/** The local cloud's Step Functions: an Amazon States Language engine and the AWS JSON API in front of it. */
package dev.mirrorflow.local.sfn;
