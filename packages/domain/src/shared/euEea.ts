/**
 * P5.1 ("Alle persoonsgegevens worden verwerkt en opgeslagen binnen de EU"), GDPR Art. 44: the countries
 * where personal data may be processed and stored without a Chapter V transfer, as ISO 3166-1 alpha-2
 * codes. Greece is "GR" here (ISO), although EU documents write "EL".
 */
export const EU_MEMBER_STATES = [
  "AT",
  "BE",
  "BG",
  "CY",
  "CZ",
  "DE",
  "DK",
  "EE",
  "ES",
  "FI",
  "FR",
  "GR",
  "HR",
  "HU",
  "IE",
  "IT",
  "LT",
  "LU",
  "LV",
  "MT",
  "NL",
  "PL",
  "PT",
  "RO",
  "SE",
  "SI",
  "SK",
] as const;
export type EuMemberState = (typeof EU_MEMBER_STATES)[number];

/**
 * The EEA states outside the EU apply the GDPR through the EEA Agreement (EEA Joint Committee Decision
 * 154/2018), so processing there is no transfer to a third country under Art. 44. The policy text says
 * "within the EU", which is narrower: a company that wants its literal promise enforced uses
 * {@link isInEu} instead of {@link isInEuEea}.
 */
export const EEA_EFTA_STATES = ["IS", "LI", "NO"] as const;
export type EeaEftaState = (typeof EEA_EFTA_STATES)[number];

export const EU_EEA_COUNTRIES = [...EU_MEMBER_STATES, ...EEA_EFTA_STATES] as const;
export type EuEeaCountry = (typeof EU_EEA_COUNTRIES)[number];

const eu: ReadonlySet<string> = new Set<string>(EU_MEMBER_STATES);
const euEea: ReadonlySet<string> = new Set<string>(EU_EEA_COUNTRIES);

/** Exact ISO codes only: "nl", "NLD" or "Netherlands" are not codes and are refused, not guessed. */
export const isInEu = (country: string): country is EuMemberState => eu.has(country);
export const isInEuEea = (country: string): country is EuEeaCountry => euEea.has(country);

/** Which territory counts as "within the EU" for P5.1; see {@link EEA_EFTA_STATES}. */
export type Territory = "EU" | "EU/EEA";

export const isInTerritory = (territory: Territory, country: string): boolean =>
  territory === "EU" ? isInEu(country) : isInEuEea(country);
