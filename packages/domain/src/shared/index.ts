export { type Check, firstFailure } from "./checks.js";
export {
  type ClauseId,
  ClauseIdCodec,
  isClauseId,
  POLICY_CLAUSES,
  POLICY_SECTIONS,
  type PolicyClause,
  type PolicySection,
} from "./clauses.js";
export {
  EEA_EFTA_STATES,
  type EeaEftaState,
  EU_EEA_COUNTRIES,
  EU_MEMBER_STATES,
  type EuEeaCountry,
  type EuMemberState,
  isInEu,
  isInEuEea,
  isInTerritory,
  type Territory,
} from "./euEea.js";
export {
  ConsentBasisCodec,
  ContractBasisCodec,
  LEGAL_BASIS_ARTICLE,
  LEGAL_BASIS_CLAUSE,
  LEGAL_BASIS_KINDS,
  type LegalBasis,
  LegalBasisCodec,
  type LegalBasisKind,
  LegalObligationBasisCodec,
  LegitimateInterestBasisCodec,
  legalBasisDefect,
} from "./legalBasis.js";
export { reject } from "./reject.js";
export {
  NO_RESTRICTIONS,
  notRestrictedFor,
  type RestrictionInForce,
  type RestrictionsInForce,
} from "./restrictions.js";
export {
  isRetentionClass,
  RETENTION_CLASSES,
  type RetentionClass,
  RetentionClassCodec,
} from "./retentionClasses.js";
export { COMPANY_ROLES, hasAnyRole, hasRole, isRole, ROLES, type Role } from "./roles.js";
