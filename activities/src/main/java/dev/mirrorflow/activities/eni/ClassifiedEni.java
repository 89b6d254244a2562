package dev.mirrorflow.activities.eni;

/**
 * An ENI with the verdict on whether it can be a mirror source.
 *
 * @param eniId the ENI
 * @param subnetId its subnet
 * @param instanceType its instance's type, or null when unknown or unattached
 * @param skipReason why it gets no session, or null when it is eligible
 */
public record ClassifiedEni(String eniId, String subnetId, String instanceType, SkipReason skipReason) {

  public static ClassifiedEni eligible(String eniId, String subnetId, String instanceType) {
    return new ClassifiedEni(eniId, subnetId, instanceType, null);
  }

  public static ClassifiedEni skipped(String eniId, String subnetId, String instanceType, SkipReason reason) {
    return new ClassifiedEni(eniId, subnetId, instanceType, reason);
  }

  public boolean isEligible() {
    return skipReason == null;
  }
}
