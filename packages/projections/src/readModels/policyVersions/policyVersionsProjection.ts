import { defineProjection } from "../../projection/projection.js";

/** A version of the privacy policy (P6.1). Lists are JSON text; nothing here is personal data. */
export type PolicyVersionRow = {
  readonly versionId: string;
  readonly publishedAt: string;
  readonly effectiveFrom: string;
  /** 1 when the change is material (INV-32: announced before it takes effect). */
  readonly material: number;
  readonly changes: string;
  /** The purposes it adds, as a JSON list of `{ purpose, legalBasis }` (the basis kind). */
  readonly addsPurposes: string;
  readonly supersedes: string | null;
  readonly tookEffectAt: string | null;
  readonly globalPosition: number;
};

/** One announcement of a version to the clients (P6.1, INV-32): who was told, out of how many current. */
export type AnnouncementRow = {
  readonly eventId: string;
  readonly versionId: string;
  readonly announcedAt: string;
  readonly channel: string;
  /** The client ids notified, as a JSON list. */
  readonly clientsNotified: string;
  readonly currentClientCount: number;
};

/** P6.1, INV-33: consent asked anew for the purposes a version adds on consent. */
export type ReconsentRequestRow = {
  readonly eventId: string;
  readonly versionId: string;
  readonly purposes: string;
  readonly noticeVersionId: string;
  readonly requestedAt: string;
};

export type PolicyVersionsSchema = {
  readonly versions: PolicyVersionRow;
  readonly announcements: AnnouncementRow;
  readonly reconsents: ReconsentRequestRow;
};

/** Policy versions and announcement coverage: P6.1, INV-32, INV-33. */
export const policyVersionsProjection = defineProjection<
  PolicyVersionsSchema,
  "PolicyVersionPublished" | "PolicyChangeAnnounced" | "ReconsentRequested" | "PolicyVersionTookEffect"
>({
  name: "policy_versions",
  version: 1,
  tables: {
    versions: {
      columns: {
        versionId: "text",
        publishedAt: "text",
        effectiveFrom: "text",
        material: "integer",
        changes: "text",
        addsPurposes: "text",
        supersedes: "text",
        tookEffectAt: "text",
        globalPosition: "integer",
      },
      key: ["versionId"],
    },
    announcements: {
      columns: {
        eventId: "text",
        versionId: "text",
        announcedAt: "text",
        channel: "text",
        clientsNotified: "text",
        currentClientCount: "integer",
      },
      key: ["eventId"],
      indexes: [["versionId"]],
    },
    reconsents: {
      columns: {
        eventId: "text",
        versionId: "text",
        purposes: "text",
        noticeVersionId: "text",
        requestedAt: "text",
      },
      key: ["eventId"],
      indexes: [["versionId"]],
    },
  },
  handles: [
    "PolicyVersionPublished",
    "PolicyChangeAnnounced",
    "ReconsentRequested",
    "PolicyVersionTookEffect",
  ],
  handle(event, tx) {
    switch (event.type) {
      case "PolicyVersionPublished": {
        const { data } = event;
        tx.upsert("versions", {
          versionId: data.versionId,
          publishedAt: data.publishedAt,
          effectiveFrom: data.effectiveFrom,
          material: data.material ? 1 : 0,
          changes: JSON.stringify(data.changes),
          addsPurposes: JSON.stringify(
            data.addsPurposes.map((p) => ({ purpose: p.purpose, legalBasis: p.legalBasis.kind })),
          ),
          supersedes: data.supersedes,
          tookEffectAt: tx.get("versions", { versionId: data.versionId })?.tookEffectAt ?? null,
          globalPosition: event.globalPosition,
        });
        return;
      }
      case "PolicyChangeAnnounced":
        tx.upsert("announcements", {
          eventId: event.id,
          versionId: event.data.versionId,
          announcedAt: event.data.announcedAt,
          channel: event.data.channel,
          clientsNotified: JSON.stringify(event.data.clientsNotified),
          currentClientCount: event.data.currentClientCount,
        });
        return;
      case "ReconsentRequested":
        tx.upsert("reconsents", {
          eventId: event.id,
          versionId: event.data.versionId,
          purposes: JSON.stringify(event.data.purposes),
          noticeVersionId: event.data.noticeVersionId,
          requestedAt: event.data.requestedAt,
        });
        return;
      case "PolicyVersionTookEffect":
        tx.update("versions", { versionId: event.data.versionId }, { tookEffectAt: event.data.tookEffectAt });
        return;
    }
  },
});
