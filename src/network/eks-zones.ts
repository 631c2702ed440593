/**
 * Availability zone IDs in which EKS refuses a cluster's subnets (CreateCluster fails with
 * UnsupportedAvailabilityZoneException), by region. Zone IDs name the same physical zone in every
 * account, unlike zone names (`us-east-1a` maps to a different zone ID per account).
 *
 * Source: Amazon EKS User Guide, "View Amazon EKS networking requirements for VPC and subnets",
 * section "Subnet requirements for clusters"
 * (https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html#cluster-subnets;
 * awsdocs/amazon-eks-user-guide latest/ug/networking/network-reqs.adoc).
 */
export const EKS_UNSUPPORTED_ZONE_IDS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'us-east-1': Object.freeze(['use1-az3']),
  'us-west-1': Object.freeze(['usw1-az2']),
  'ca-central-1': Object.freeze(['cac1-az3']),
});

/** Every zone ID of `EKS_UNSUPPORTED_ZONE_IDS` (zone IDs are unique across regions). */
export function eksUnsupportedZoneIds(): string[] {
  return Object.values(EKS_UNSUPPORTED_ZONE_IDS).flat();
}
