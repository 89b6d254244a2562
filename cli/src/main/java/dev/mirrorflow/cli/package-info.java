/** The {@code mirrorflow} command line. */
package dev.mirrorflow.cli;
