/**
 * Where mirrored traffic may go: the targets and filters a cluster was deployed to allow ({@link
 * dev.mirrorflow.activities.guard.AllowedMirrorResources}), checked by add-vpc before it writes and
 * by every create batch before it creates, and the refusal of a registration changed behind add-vpc's
 * back ({@link dev.mirrorflow.activities.guard.RegistrationNotConfirmedException}).
 */
package dev.mirrorflow.activities.guard;
