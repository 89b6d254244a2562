/** The Lambda steps of the Mirrorflow workflows and the domain they use. */
package dev.mirrorflow.activities;
