/** Deploys the repository's state machines and their Lambda steps to the local cloud. */
package dev.mirrorflow.local.deploy;
