/** IntroducedVersion stamped on every component of the first release; never change it for existing components. */
export const INTRODUCED_VERSION = '1.0.0.0';

/** Platform version the XML claims to come from (Dataverse 9.2; what `pac solution unpack` of a 2024 export shows). */
export const ORGANIZATION_VERSION = '9.2.24044.196';
