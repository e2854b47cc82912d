import type { ReadModelReader } from "../../projection/readModel.js";
import type { PolicyVersionsSchema } from "./policyVersionsProjection.js";

/** One policy version with its announcement coverage and re-consent (P6.1, INV-32, INV-33). */
export interface PolicyVersionEntry {
  readonly versionId: string;
  readonly supersedes: string | null;
  readonly publishedAt: string;
  readonly effectiveFrom: string;
  readonly tookEffectAt: string | null;
  readonly material: boolean;
  readonly changes: readonly string[];
  readonly addsPurposes: readonly { readonly purpose: string; readonly legalBasis: string }[];
  /** The first announcement, null when none was made. */
  readonly announcedAt: string | null;
  /** INV-32: announced before the effective date (required when material). */
  readonly announcedBeforeEffect: boolean;
  /** Distinct clients notified over every announcement of the version. */
  readonly clientsNotified: number;
  /** The current clients counted at the last announcement; null when none was made. */
  readonly currentClients: number | null;
  /** clientsNotified / currentClients, null when not announced or no client was current. */
  readonly coverage: number | null;
  /** INV-33: consent asked anew, with the purposes and the notice that shows them. */
  readonly reconsent: readonly {
    readonly purposes: readonly string[];
    readonly noticeVersionId: string;
    readonly requestedAt: string;
  }[];
  /** The version in force at the instant asked (the last to take effect by then). */
  readonly current: boolean;
}

/** Every version in publication order, with which one was in force at `at` (default: the latest to take effect). */
export const policyVersions = async (
  register: ReadModelReader<PolicyVersionsSchema>,
  at?: Date,
): Promise<PolicyVersionEntry[]> => {
  const [versions, announcements, reconsents] = await Promise.all([
    register.find("versions", {}, { orderBy: ["globalPosition"] }),
    register.find("announcements", {}, { orderBy: ["announcedAt"] }),
    register.find("reconsents", {}, { orderBy: ["requestedAt"] }),
  ]);
  const inForce = versions
    .filter(
      (v) => v.tookEffectAt !== null && (at === undefined || Date.parse(v.tookEffectAt) <= at.getTime()),
    )
    .sort((a, b) => Date.parse(a.tookEffectAt!) - Date.parse(b.tookEffectAt!))
    .at(-1)?.versionId;
  return versions.map((v) => {
    const told = announcements.filter((a) => a.versionId === v.versionId);
    const clients = new Set(told.flatMap((a) => JSON.parse(a.clientsNotified) as string[]));
    const first = told[0];
    const currentClients = told.at(-1)?.currentClientCount ?? null;
    return {
      versionId: v.versionId,
      supersedes: v.supersedes,
      publishedAt: v.publishedAt,
      effectiveFrom: v.effectiveFrom,
      tookEffectAt: v.tookEffectAt,
      material: v.material === 1,
      changes: JSON.parse(v.changes) as string[],
      addsPurposes: JSON.parse(v.addsPurposes) as PolicyVersionEntry["addsPurposes"],
      announcedAt: first?.announcedAt ?? null,
      announcedBeforeEffect:
        first !== undefined && Date.parse(first.announcedAt) < Date.parse(v.effectiveFrom),
      clientsNotified: clients.size,
      currentClients,
      coverage: currentClients === null || currentClients === 0 ? null : clients.size / currentClients,
      reconsent: reconsents
        .filter((r) => r.versionId === v.versionId)
        .map((r) => ({
          purposes: JSON.parse(r.purposes) as string[],
          noticeVersionId: r.noticeVersionId,
          requestedAt: r.requestedAt,
        })),
      current: v.versionId === inForce,
    };
  });
};
