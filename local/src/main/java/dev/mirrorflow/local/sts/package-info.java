/** The local cloud's accounts: who signed a request (access key to account and principal), roles, and STS. */
package dev.mirrorflow.local.sts;
