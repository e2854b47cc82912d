import { RETENTION_CLASSES } from "@privacy-ledger/domain";
import {
  type EventStore,
  type IntegrityFailure,
  type StoredEvent,
  verifyStore,
} from "@privacy-ledger/eventsourcing";
import {
  type AnyProjection,
  type BreachClockEntry,
  type BreachDecisionView,
  breachClock,
  breachClockProjection,
  breachesNotifiedWithin72Hours,
  breachRegister,
  breachRegisterProjection,
  type ComplianceFigure,
  consentLedgerProjection,
  deadlineBoardProjection,
  disclosureRegisterProjection,
  erasureLedger,
  erasureLedgerProjection,
  erasuresDue,
  escalatedDecisions,
  escalationLogProjection,
  InMemoryReadModelStore,
  openRightsRequests,
  outcomeRegisterProjection,
  type PolicyVersionEntry,
  type ProjectedEvent,
  policyVersions,
  policyVersionsProjection,
  processingActivitiesProjection,
  projectionId,
  projectStoredEvent,
  type RetentionScheduleEntry,
  requestsAnsweredOnTime,
  retentionSchedule,
  retentionScheduleProjection,
  rightsRequestOutcomes,
} from "@privacy-ledger/projections";
import { isLeft } from "fp-ts/lib/Either.js";
import { sealedAsErased } from "./personalFields.js";
import { READ_MODELS } from "./readModels.js";
import {
  type DisclosuresSection,
  disclosuresOf,
  type ProcessingActivitiesSection,
  processingActivitiesOf,
} from "./reportRegisters.js";

/*
 * The compliance report (issue 8): what an auditor reads after verifying the chains. Built without keys,
 * from the log alone: every read model the CLI knows (READ_MODELS, as `replay` builds them) is replayed in
 * memory with every personal field read as erased, so nothing personal can reach the report; it holds
 * ids, codes, counts and instants only. Each section is answered by a read model's own queries.
 */

/** The ids of the report's sections, in order: the HTML anchors, the Markdown anchors, the JSON keys. */
export const REPORT_SECTIONS = [
  "chain",
  "rights-requests",
  "breaches",
  "escalations",
  "consents",
  "retention",
  "erasures",
  "disclosures",
  "policy-versions",
  "processing-activities",
  "warnings",
] as const;
export type ReportSectionId = (typeof REPORT_SECTIONS)[number];

export interface ChainSection {
  readonly status: "intact" | "broken";
  readonly events: number | null;
  readonly streams: number | null;
  readonly headPosition: number | null;
  /** The first broken link, when broken. */
  readonly failure: IntegrityFailure | null;
  /** Why the read models could not be built on a broken store, if they could not. */
  readonly readModelsError: string | null;
}

export interface RightsRequestsSection {
  /** Art. 12(3): closed requests answered by their applicable deadline. */
  readonly answeredOnTime: ComplianceFigure;
  readonly closed: readonly {
    readonly requestId: string;
    readonly subjectId: string;
    readonly right: string;
    readonly channel: string;
    readonly receivedAt: string;
    readonly applicableDueAt: string;
    readonly extended: boolean;
    readonly closedAt: string;
    readonly outcome: string;
    readonly onTime: boolean;
    readonly refusedGround: string | null;
  }[];
  readonly open: readonly {
    readonly requestId: string;
    readonly subjectId: string;
    readonly right: string;
    readonly receivedAt: string;
    readonly effectiveDueAt: string;
    readonly daysLeft: number;
    readonly overdue: boolean;
    readonly identity: string;
  }[];
}

export interface BreachesSection {
  /** Art. 33(1), INV-51: notified within 72 hours of awareness, of those the authority had to hear of. */
  readonly notifiedWithin72Hours: ComplianceFigure;
  readonly incidents: readonly (Pick<
    BreachClockEntry,
    | "incidentId"
    | "reportedAt"
    | "awareAt"
    | "authorityDueAt"
    | "severity"
    | "risk"
    | "ceoInformedAt"
    | "authorityNotifiedAt"
    | "authorityReference"
    | "hoursLeft"
    | "overdue"
    | "notifiedLate"
    | "followUpsMissing"
    | "closedAt"
  > & {
    /** Hours from awareness to the notification, of the 72 allowed. */
    readonly hoursToNotify: number | null;
    readonly subjectsNotifiedCount: number | null;
    readonly subjectExemptionGround: string | null;
  })[];
}

export interface EscalationsSection {
  /** P8.7, INV-50, D6: decisions on a breach, with who approved them as which role. */
  readonly decisions: readonly (BreachDecisionView & {
    readonly incidentId: string;
    readonly severity: string | null;
    /** CEO and CTO both approved, as two different people (D6). */
    readonly bothApprovers: boolean;
    /** P8.6, INV-49: the CEO was informed before the decision was taken (or, while open, by now). */
    readonly ceoInformedBefore: boolean;
  })[];
}

export interface ConsentsSection {
  readonly subjects: number;
  readonly totals: ConsentCounts;
  /** Per purpose and notice version: counts only, never who. */
  readonly byPurpose: readonly ({
    readonly purpose: string;
    readonly noticeVersionId: string;
  } & ConsentCounts)[];
}

export interface ConsentCounts {
  readonly presented: number;
  readonly given: number;
  /** Art. 7(1): given with the notice version, the moment it was presented and the channel recorded. */
  readonly givenWithEvidence: number;
  readonly givenBySubject: number;
  readonly recordedByStaff: number;
  readonly withdrawn: number;
  readonly unsubscribed: number;
  readonly objected: number;
  readonly softOptIn: number;
  readonly suppressed: number;
}

export interface RetentionSection {
  /** INV-28: periods over at the report's instant, no legal hold, keys not destroyed yet. */
  readonly due: readonly {
    readonly subjectId: string;
    readonly retentionClass: string;
    readonly until: string;
    readonly basis: string;
    readonly clauses: readonly string[];
  }[];
  /** Entries past their end but kept under a legal hold (Art. 17(3)(e)). */
  readonly heldBack: number;
  /** Current entries per class: held, running (no end yet), erased. */
  readonly byClass: readonly {
    readonly retentionClass: string;
    readonly held: number;
    readonly open: number;
    readonly erased: number;
  }[];
}

export interface ErasuresSection {
  readonly erasures: readonly {
    readonly subjectId: string;
    readonly retentionClass: string;
    readonly keysDestroyed: number;
    readonly reason: string;
    readonly requestId: string | null;
    readonly erasedAt: string;
    readonly actorId: string;
  }[];
}

export interface PolicyVersionsSection {
  readonly versions: readonly {
    readonly versionId: string;
    readonly publishedAt: string;
    readonly effectiveFrom: string;
    readonly material: boolean;
    readonly addsPurposes: readonly { readonly purpose: string; readonly legalBasis: string }[];
    readonly firstAnnouncedAt: string | null;
    /** INV-32: a material version announced before it took effect. */
    readonly announcedInTime: boolean | null;
    readonly clientsNotified: number;
    /** The current clients when last announced (the audience the notice had to reach). */
    readonly currentClients: number | null;
    /** clientsNotified / currentClients, null when not announced or no clients. */
    readonly coverage: number | null;
    readonly reconsentRequested: readonly string[];
    readonly tookEffectAt: string | null;
  }[];
}

export interface OverrideWarning {
  readonly decision: "D2" | "D3";
  readonly kind: string;
  readonly recordedAt: string;
  readonly actorId: string;
  readonly reference: string | null;
  /** Whether the override still stands at the report's instant. */
  readonly stands: boolean;
  readonly endedAt: string | null;
  readonly warning: string;
}

export interface WarningsSection {
  readonly warnings: readonly OverrideWarning[];
  /** Decisions with nothing recorded: what the report checked and found absent. */
  readonly notes: readonly string[];
}

export interface ComplianceReport {
  readonly kind: "privacy-ledger compliance report";
  readonly generatedAt: string;
  /**
   * The facts as they stood at this instant: the events dated (occurredAt) up to it, also those recorded
   * later, as `readModelAsOf` computes them by default.
   */
  readonly asOf: string;
  readonly clock: "occurredAt";
  readonly store: string;
  readonly eventsRead: number;
  /** The read models built for the report (`name@version`): every one the CLI knows. */
  readonly readModels: readonly string[];
  readonly sections: {
    readonly chain: ChainSection;
    readonly "rights-requests": RightsRequestsSection;
    readonly breaches: BreachesSection;
    readonly escalations: EscalationsSection;
    readonly consents: ConsentsSection;
    readonly retention: RetentionSection;
    readonly erasures: ErasuresSection;
    readonly disclosures: DisclosuresSection;
    readonly "policy-versions": PolicyVersionsSection;
    readonly "processing-activities": ProcessingActivitiesSection;
    readonly warnings: WarningsSection;
  };
}

const BATCH = 500;
const HOUR_MS = 3_600_000;

/** A clock pause (D3) would be an event of this shape; the policy has none, so any such type is flagged. */
const CLOCK_PAUSE = /Pause/;

interface LogState {
  read: number;
  readonly warnings: OverrideWarning[];
}

/** The event decoded by its catalog, as a projection reads it; an undecodable event stops the report. */
const projected = (stored: StoredEvent, reader: string): ProjectedEvent => {
  const decoded = projectStoredEvent(stored);
  if (isLeft(decoded)) throw new Error(`${reader}: ${decoded.left.message}`);
  return decoded.right;
};

/** The recorded D2 override and its revocation: the warnings section follows them through the log. */
const d2Warning = (stored: ProjectedEvent, warnings: OverrideWarning[]): void => {
  if (stored.type === "TrackingBasisOverrideRecorded")
    warnings.push({
      decision: "D2",
      kind: "TrackingBasisOverrideRecorded",
      recordedAt: stored.data.recordedAt,
      actorId: stored.metadata.actor.id,
      reference: stored.data.liaRef,
      stands: true,
      endedAt: null,
      warning: stored.data.warning,
    });
  else if (stored.type === "TrackingBasisOverrideRevoked")
    for (const [index, warning] of warnings.entries())
      if (warning.decision === "D2" && warning.stands)
        warnings[index] = { ...warning, stands: false, endedAt: stored.data.revokedAt };
};

/**
 * One pass over the log, the events dated up to `until` (occurredAt): every read model is fed in batches
 * into memory, and the recorded overrides are gathered for the warnings.
 */
const readLog = async (
  store: EventStore,
  until: number,
  models: InMemoryReadModelStore,
  state: LogState,
): Promise<void> => {
  const buffers = new Map<AnyProjection, ProjectedEvent[]>(READ_MODELS.map((p) => [p, []]));
  const handles = new Map<AnyProjection, ReadonlySet<string>>(
    READ_MODELS.map((p) => [p, new Set<string>(p.handles)]),
  );
  const overrides: ReadonlySet<string> = new Set([
    "TrackingBasisOverrideRecorded",
    "TrackingBasisOverrideRevoked",
  ]);
  let through = 0;
  const flush = async () => {
    for (const projection of READ_MODELS) {
      const events = buffers.get(projection) ?? [];
      if (events.length === 0) continue;
      await models.apply(projection, { events, through });
      buffers.set(projection, []);
    }
  };
  for await (const raw of store.readAll()) {
    if (Date.parse(raw.metadata.occurredAt) > until) continue;
    const stored = sealedAsErased(raw);
    state.read += 1;
    through = stored.globalPosition;
    let event: ProjectedEvent | undefined;
    for (const projection of READ_MODELS) {
      if (!handles.get(projection)?.has(stored.type)) continue;
      event ??= projected(stored, projectionId(projection));
      buffers.get(projection)?.push(event);
    }
    if (state.read % BATCH === 0) await flush();
    if (overrides.has(stored.type)) d2Warning(event ?? projected(stored, "warnings"), state.warnings);
    if (CLOCK_PAUSE.test(stored.type))
      state.warnings.push({
        decision: "D3",
        kind: stored.type,
        recordedAt: stored.metadata.recordedAt,
        actorId: stored.metadata.actor.id,
        reference: `${stored.streamId}@${stored.streamVersion}`,
        stands: true,
        endedAt: null,
        warning:
          "Decision D3: the one-month clock runs from receipt and nothing pauses it (Art. 12(3)); this event pauses a clock.",
      });
  }
  await flush();
};

const hoursBetween = (from: string | null, to: string | null): number | null =>
  from === null || to === null ? null : (Date.parse(to) - Date.parse(from)) / HOUR_MS;

const emptyCounts = (): { -readonly [K in keyof ConsentCounts]: number } => ({
  presented: 0,
  given: 0,
  givenWithEvidence: 0,
  givenBySubject: 0,
  recordedByStaff: 0,
  withdrawn: 0,
  unsubscribed: 0,
  objected: 0,
  softOptIn: 0,
  suppressed: 0,
});

const consentsOf = async (models: InMemoryReadModelStore): Promise<ConsentsSection> => {
  const evidence = await models.reader(consentLedgerProjection).find(
    "evidence",
    {},
    {
      orderBy: ["globalPosition"],
    },
  );
  const totals = emptyCounts();
  const rows = new Map<
    string,
    { purpose: string; noticeVersionId: string; counts: ReturnType<typeof emptyCounts> }
  >();
  const count = (
    purpose: string,
    noticeVersionId: string,
    add: (counts: ReturnType<typeof emptyCounts>) => void,
  ) => {
    const key = JSON.stringify([purpose, noticeVersionId]);
    const row = rows.get(key) ?? { purpose, noticeVersionId, counts: emptyCounts() };
    rows.set(key, row);
    add(row.counts);
  };
  const NONE = "-";
  for (const row of evidence) {
    const notice = row.noticeVersionId ?? NONE;
    const bump = (add: (counts: ReturnType<typeof emptyCounts>) => void) => {
      add(totals);
      return add;
    };
    switch (row.kind) {
      case "presented": {
        bump((c) => c.presented++);
        const purposes = row.purpose === null ? [NONE] : (JSON.parse(row.purpose) as string[]);
        for (const purpose of purposes) count(purpose, notice, (c) => c.presented++);
        break;
      }
      case "given": {
        const withEvidence = row.noticeVersionId !== null && row.presentedAt !== null && row.channel !== null;
        const add = (c: ReturnType<typeof emptyCounts>) => {
          c.given++;
          if (withEvidence) c.givenWithEvidence++;
          if (row.givenBySubject === 1) c.givenBySubject++;
          else c.recordedByStaff++;
        };
        bump(add);
        count(row.purpose ?? NONE, notice, add);
        break;
      }
      case "withdrawn":
      case "unsubscribed":
      case "objected":
      case "softOptIn":
      case "suppressed": {
        const kind = row.kind;
        count(
          row.purpose ?? NONE,
          notice,
          bump((c) => c[kind]++),
        );
        break;
      }
      default:
        break;
    }
  }
  return {
    subjects: new Set(evidence.map((row) => row.subjectId)).size,
    totals,
    byPurpose: [...rows.values()]
      .sort(
        (a, b) => a.purpose.localeCompare(b.purpose) || a.noticeVersionId.localeCompare(b.noticeVersionId),
      )
      .map((row) => ({ purpose: row.purpose, noticeVersionId: row.noticeVersionId, ...row.counts })),
  };
};

const retentionOf = (
  entries: readonly RetentionScheduleEntry[],
  due: readonly RetentionScheduleEntry[],
  at: Date,
): RetentionSection => ({
  due: due.map((entry) => ({
    subjectId: entry.subjectId,
    retentionClass: entry.retentionClass,
    until: entry.until ?? "",
    basis: entry.basis,
    clauses: entry.clauses,
  })),
  heldBack: entries.filter(
    (entry) =>
      !entry.erased &&
      entry.until !== null &&
      Date.parse(entry.until) < at.getTime() &&
      entry.legalHolds.length > 0,
  ).length,
  byClass: RETENTION_CLASSES.map((retentionClass) => {
    const ofClass = entries.filter((entry) => entry.retentionClass === retentionClass);
    return {
      retentionClass,
      held: ofClass.filter((entry) => !entry.erased).length,
      open: ofClass.filter((entry) => !entry.erased && entry.until === null).length,
      erased: ofClass.filter((entry) => entry.erased).length,
    };
  }).filter((row) => row.held + row.erased > 0),
});

const policyVersionsOf = (versions: readonly PolicyVersionEntry[]): PolicyVersionsSection => ({
  versions: versions.map((entry) => ({
    versionId: entry.versionId,
    publishedAt: entry.publishedAt,
    effectiveFrom: entry.effectiveFrom,
    material: entry.material,
    addsPurposes: entry.addsPurposes,
    firstAnnouncedAt: entry.announcedAt,
    announcedInTime: entry.material ? entry.announcedBeforeEffect : null,
    clientsNotified: entry.clientsNotified,
    currentClients: entry.currentClients,
    coverage: entry.coverage,
    reconsentRequested: [...new Set(entry.reconsent.flatMap((asked) => asked.purposes))],
    tookEffectAt: entry.tookEffectAt,
  })),
});

/** A store URL without anything secret in it: its kind, and the file name of a SQLite store. */
export const storeLabel = (url: string): string => {
  if (url.startsWith("sqlite:")) return `sqlite:${url.slice("sqlite:".length).split(/[\\/]/).at(-1) ?? ""}`;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.hostname}${parsed.port === "" ? "" : `:${parsed.port}`}${parsed.pathname}`;
  } catch {
    return url.split(":")[0] ?? "";
  }
};

const emptySections = (): Omit<ComplianceReport["sections"], "chain"> => ({
  "rights-requests": { answeredOnTime: { total: 0, onTime: 0, late: 0, share: null }, closed: [], open: [] },
  breaches: { notifiedWithin72Hours: { total: 0, onTime: 0, late: 0, share: null }, incidents: [] },
  escalations: { decisions: [] },
  consents: { subjects: 0, totals: emptyCounts(), byPurpose: [] },
  retention: { due: [], heldBack: 0, byClass: [] },
  erasures: { erasures: [] },
  disclosures: { total: 0, byRecipient: [] },
  "policy-versions": { versions: [] },
  "processing-activities": { activities: [], processors: [] },
  warnings: { warnings: [], notes: [] },
});

/**
 * Verifies every chain, then builds the report's read models in memory from the events dated up to
 * `at`. On a broken store the report is still made (the chain section says where it broke); if the log
 * cannot even be replayed, the other sections are empty and the chain section says why.
 */
export const complianceReport = async (
  store: EventStore,
  options: { readonly at: Date; readonly storeLabel: string; readonly now?: Date },
): Promise<ComplianceReport> => {
  const { at } = options;
  const verified = await verifyStore(store);
  const chainBase = isLeft(verified)
    ? { status: "broken" as const, events: null, streams: null, headPosition: null, failure: verified.left }
    : {
        status: "intact" as const,
        events: verified.right.events,
        streams: verified.right.streams,
        headPosition: verified.right.headPosition,
        failure: null,
      };
  const state: LogState = { read: 0, warnings: [] };
  const header = {
    kind: "privacy-ledger compliance report" as const,
    generatedAt: (options.now ?? new Date()).toISOString(),
    asOf: at.toISOString(),
    clock: "occurredAt" as const,
    store: options.storeLabel,
    readModels: READ_MODELS.map(projectionId),
  };
  let sections: Omit<ComplianceReport["sections"], "chain">;
  try {
    sections = await buildSections(store, at, state);
  } catch (error) {
    if (chainBase.status === "intact") throw error;
    const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    return {
      ...header,
      eventsRead: state.read,
      sections: { chain: { ...chainBase, readModelsError: message }, ...emptySections() },
    };
  }
  return {
    ...header,
    eventsRead: state.read,
    sections: { chain: { ...chainBase, readModelsError: null }, ...sections },
  };
};

const buildSections = async (
  store: EventStore,
  at: Date,
  state: LogState,
): Promise<Omit<ComplianceReport["sections"], "chain">> => {
  const models = new InMemoryReadModelStore();
  for (const projection of READ_MODELS) await models.prepare(projection);
  await readLog(store, at.getTime(), models, state);

  const outcomes = models.reader(outcomeRegisterProjection);
  const board = models.reader(deadlineBoardProjection);
  const clocks = models.reader(breachClockProjection);
  const register = models.reader(breachRegisterProjection);
  const escalations = models.reader(escalationLogProjection);
  const schedule = models.reader(retentionScheduleProjection);

  const incidents = await breachRegister(register);
  const clockOf = new Map(
    await Promise.all(
      incidents.map(
        async (entry) => [entry.incidentId, await breachClock(clocks, entry.incidentId, at)] as const,
      ),
    ),
  );

  return {
    "rights-requests": {
      answeredOnTime: await requestsAnsweredOnTime(outcomes),
      closed: (await rightsRequestOutcomes(outcomes)).map((entry) => ({
        requestId: entry.requestId,
        subjectId: entry.subjectId,
        right: entry.right,
        channel: entry.channel,
        receivedAt: entry.receivedAt,
        applicableDueAt: entry.applicableDueAt,
        extended: entry.extended,
        closedAt: entry.closedAt,
        outcome: entry.outcome,
        onTime: entry.onTime,
        refusedGround: entry.refusedGround,
      })),
      open: (await openRightsRequests(board, { at })).map((entry) => ({
        requestId: entry.requestId,
        subjectId: entry.subjectId,
        right: entry.right,
        receivedAt: entry.receivedAt,
        effectiveDueAt: entry.effectiveDueAt,
        daysLeft: entry.daysLeft,
        overdue: entry.overdue,
        identity: entry.identity,
      })),
    },
    breaches: {
      notifiedWithin72Hours: await breachesNotifiedWithin72Hours(register, at),
      incidents: incidents.map((entry) => {
        const clock = clockOf.get(entry.incidentId);
        const notifiedAt = entry.notification.authorityNotifiedAt;
        return {
          incidentId: entry.incidentId,
          reportedAt: entry.facts.reportedAt,
          awareAt: entry.facts.awareAt,
          authorityDueAt: entry.notification.authorityDueAt,
          severity: entry.effects.severity,
          risk: entry.effects.risk,
          ceoInformedAt: clock?.ceoInformedAt ?? null,
          authorityNotifiedAt: notifiedAt,
          authorityReference: entry.notification.authorityReference,
          hoursToNotify: hoursBetween(entry.facts.awareAt, notifiedAt),
          hoursLeft: notifiedAt === null ? (clock?.hoursLeft ?? null) : null,
          overdue: clock?.overdue ?? false,
          notifiedLate: entry.notification.notifiedLate,
          subjectsNotifiedCount: entry.notification.subjectsNotifiedCount,
          subjectExemptionGround: entry.notification.subjectExemptionGround,
          followUpsMissing: clock?.followUpsMissing ?? [],
          closedAt: entry.closedAt,
        };
      }),
    },
    escalations: {
      decisions: (
        await Promise.all(incidents.map((entry) => escalatedDecisions(escalations, entry.incidentId)))
      )
        .flat()
        .map((decision) => ({
          incidentId: decision.incidentId,
          severity: decision.severity,
          decisionId: decision.decisionId,
          about: decision.about,
          proposedAt: decision.proposedAt,
          takenAt: decision.takenAt,
          approvals: decision.approvals.map((a) => ({
            as: a.as,
            actorId: a.actorId,
            approvedAt: a.approvedAt,
          })),
          bothApprovers: decision.jointlyApproved,
          ceoInformedBefore: decision.ceoInformedBefore,
        })),
    },
    consents: await consentsOf(models),
    retention: retentionOf(await retentionSchedule(schedule), await erasuresDue(schedule, at), at),
    erasures: {
      erasures: (await erasureLedger(models.reader(erasureLedgerProjection))).map((entry) => ({
        subjectId: entry.subjectId,
        retentionClass: entry.retentionClass,
        keysDestroyed: entry.keyIds.length,
        reason: entry.reason,
        requestId: entry.requestId,
        erasedAt: entry.erasedAt,
        actorId: entry.actorId,
      })),
    },
    disclosures: await disclosuresOf(models.reader(disclosureRegisterProjection)),
    "policy-versions": policyVersionsOf(await policyVersions(models.reader(policyVersionsProjection), at)),
    "processing-activities": await processingActivitiesOf(models.reader(processingActivitiesProjection)),
    warnings: {
      warnings: state.warnings,
      notes: [
        ...(state.warnings.some((w) => w.decision === "D2")
          ? []
          : ["D2: no tracking-basis override recorded; opens and clicks are recorded on consent only."]),
        ...(state.warnings.some((w) => w.decision === "D3")
          ? []
          : ["D3: no clock pause recorded; every rights request's month runs from receipt."]),
      ],
    },
  };
};
