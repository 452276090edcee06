/** The predicate type actions/attest-build-provenance writes: SLSA provenance v1. */
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1'
