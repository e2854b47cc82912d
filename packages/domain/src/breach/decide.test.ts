import type { Actor } from "@privacy-ledger/eventsourcing";
import { deciderSpecification } from "@privacy-ledger/eventsourcing/testing";
import { isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { BreachCommand } from "./commands.js";
import { breachIncidentDecider } from "./decide.js";
import type { BreachEvent } from "./events.js";
import type { AuthorityNotificationContents } from "./records.js";

const cto: Actor = { id: "actor-cto", roles: ["CTO", "management"] };
const ceo: Actor = { id: "actor-ceo", roles: ["CEO", "generalDirector", "management"] };
const ceoAndCto: Actor = { id: "actor-founder", roles: ["CEO", "CTO"] };
const engineer: Actor = { id: "actor-eng", roles: ["employee"] };

const breach = breachIncidentDecider();
const spec = deciderSpecification(breach);
const INCIDENT = "inc-2026-007";

/** Friday 27 March 2026, 17:00 Amsterdam (CET); the clocks go forward on Sunday 29 March. */
const REPORTED_AT = "2026-03-27T16:00:00Z";
const at = (iso: string) => iso;

/** Runs commands in turn through the decider; fails on the first rejection; returns every event. */
const run = (commands: readonly BreachCommand[], given: readonly BreachEvent[] = []): BreachEvent[] => {
  const events = [...given];
  for (const command of commands) {
    const decision = breach.decide(command, events.reduce(breach.evolve, breach.initialState));
    if (!isRight(decision)) throw new Error(`${command.kind}: ${JSON.stringify(decision.left)}`);
    events.push(...decision.right);
  }
  return events;
};

const report: BreachCommand = {
  kind: "ReportPossibleBreach",
  actor: engineer,
  incidentId: INCIDENT,
  at: REPORTED_AT,
  description: "Backup bucket found readable without authentication",
  systems: ["backup-storage"],
};
const full: AuthorityNotificationContents = {
  nature: "Unauthorised read access to a backup of the client database",
  approximateSubjects: 1200,
  approximateRecords: 5400,
  contactPoint: "CTO, privacy desk",
  likelyConsequences: "Business contact details exposed; phishing risk",
  measures: "Bucket closed, keys rotated, access logs reviewed",
};

/** Reported, investigated, aware, classified serious, CEO informed, risk high. */
const seriousSoFar = (): BreachEvent[] =>
  run([
    report,
    { kind: "StartInvestigation", actor: cto, incidentId: INCIDENT, at: "2026-03-27T16:20:00Z" },
    {
      kind: "EstablishAwareness",
      actor: cto,
      incidentId: INCIDENT,
      at: "2026-03-27T18:00:00Z",
      awareAt: "2026-03-27T17:30:00Z",
      rationale: "Access logs confirm two downloads by an unknown address",
    },
    {
      kind: "ClassifySeverity",
      actor: cto,
      incidentId: INCIDENT,
      at: "2026-03-27T18:05:00Z",
      severity: "serious",
      rationale: "Client data of many clients, downloaded",
    },
    { kind: "InformCEO", actor: cto, incidentId: INCIDENT, at: "2026-03-27T18:10:00Z" },
    {
      kind: "AssessRisk",
      actor: cto,
      incidentId: INCIDENT,
      at: "2026-03-27T19:00:00Z",
      risk: "high",
      rationale: "Contact data usable for targeted phishing",
    },
  ]);

const propose = (
  decisionId: string,
  about: "notifyAuthority" | "notifySubjects" | "exemptSubjects",
): BreachCommand => ({
  kind: "ProposeDecision",
  actor: cto,
  incidentId: INCIDENT,
  at: "2026-03-27T19:10:00Z",
  decisionId,
  about,
  proposal: `Proposal: ${about}`,
});
const approve = (decisionId: string, actor: Actor, as: "CEO" | "CTO"): BreachCommand => ({
  kind: "ApproveDecision",
  actor,
  incidentId: INCIDENT,
  at: "2026-03-27T19:30:00Z",
  decisionId,
  as,
});
const takenJointly = (decisionId: string, about: "notifyAuthority" | "notifySubjects" | "exemptSubjects") => [
  propose(decisionId, about),
  approve(decisionId, cto, "CTO"),
  approve(decisionId, ceo, "CEO"),
];
const notify = (
  fields: Partial<Extract<BreachCommand, { kind: "NotifyAuthority" }>> = {},
): BreachCommand => ({
  kind: "NotifyAuthority",
  actor: cto,
  incidentId: INCIDENT,
  at: "2026-03-28T10:00:00Z",
  decisionId: "dec-ap",
  authorityReference: "AP-2026-0412",
  contents: full,
  phased: false,
  ...fields,
});
const rest: readonly BreachCommand[] = [
  {
    kind: "RecordRootCause",
    actor: cto,
    incidentId: INCIDENT,
    at: at("2026-03-28T12:00:00Z"),
    cause: "Public ACL left by a migration script",
  },
  {
    kind: "RecordCorrectiveMeasure",
    actor: cto,
    incidentId: INCIDENT,
    at: "2026-03-27T16:40:00Z",
    measureId: "m-1",
    description: "Bucket made private",
  },
  {
    kind: "RecordPreventiveImprovement",
    actor: cto,
    incidentId: INCIDENT,
    at: "2026-04-02T09:00:00Z",
    improvementId: "i-1",
    description: "Policy check on bucket ACLs in the deployment pipeline",
  },
  {
    kind: "ReportFindings",
    actor: cto,
    incidentId: INCIDENT,
    at: "2026-04-03T09:00:00Z",
    toManagementTeam: true,
    toGeneralDirector: true,
    summary: "Cause, measures and improvements as recorded",
  },
];

describe("BreachIncident, P8.2 and INV-46: report and investigation", () => {
  it("P8.2, INV-46: anyone in the company reports a possible breach; the investigation is due within the hour", () =>
    spec
      .given([])
      .when(report)
      .thenEvents([
        {
          type: "PossibleBreachReported",
          data: {
            incidentId: INCIDENT,
            reportedAt: REPORTED_AT,
            description: "Backup bucket found readable without authentication",
            systems: ["backup-storage"],
            investigationDueAt: "2026-03-27T17:00:00.000Z",
          },
        },
      ]));

  it("P8.2, INV-46: a start after the hour is recorded as overdue, with the minutes late", () => {
    const [reported] = run([report]);
    spec
      .given([reported as BreachEvent])
      .when({ kind: "StartInvestigation", actor: cto, incidentId: INCIDENT, at: "2026-03-27T19:00:00Z" })
      .thenEvents([
        {
          type: "InvestigationStarted",
          data: {
            incidentId: INCIDENT,
            startedAt: "2026-03-27T19:00:00Z",
            dueAt: "2026-03-27T17:00:00.000Z",
            overdue: true,
            minutesLate: 120,
          },
        },
      ]);
  });

  it("P8.1, P8.2, D6: an engineer cannot start the investigation unless the CTO delegated it to them", () => {
    const reported = run([report]);
    spec
      .given(reported)
      .when({ kind: "StartInvestigation", actor: engineer, incidentId: INCIDENT, at: "2026-03-27T16:10:00Z" })
      .thenRejects({ rule: "BR-ROLE", clause: "P8.2" });
    const delegated = run(
      [
        {
          kind: "DelegateInvestigation",
          actor: cto,
          incidentId: INCIDENT,
          at: "2026-03-27T16:05:00Z",
          delegateActorId: engineer.id,
        },
      ],
      reported,
    );
    const started = run(
      [{ kind: "StartInvestigation", actor: engineer, incidentId: INCIDENT, at: "2026-03-27T16:10:00Z" }],
      delegated,
    );
    expect(started.at(-1)).toMatchObject({ type: "InvestigationStarted", data: { overdue: false } });
  });

  it("P8.1, D6: only the CTO delegates the investigation", () =>
    spec
      .given(run([report]))
      .when({
        kind: "DelegateInvestigation",
        actor: ceo,
        incidentId: INCIDENT,
        at: "2026-03-27T16:05:00Z",
        delegateActorId: engineer.id,
      })
      .thenRejects({ rule: "BR-ROLE", clause: "P8.1" }));

  it("P8.8, INV-56, Art. 5(1)(c): a report naming a person's e-mail address is refused; people are counted, not named", () =>
    spec
      .given([])
      .when({ ...report, description: "jan@acme.example reported his password in a ticket" } as BreachCommand)
      .thenRejects({ rule: "INV-56", clause: "P8.8" }));
});

describe("BreachIncident, P8.5, INV-47: awareness and the 72-hour clock", () => {
  it("P8.5, INV-47, Art. 33(1): the authority is due exactly 72 hours after awareness, across the weekend and the clock change", () => {
    const events = seriousSoFar();
    const aware = events.find((event) => event.type === "BreachAwarenessEstablished");
    // Friday 18:30 CET + 72 h = Monday 19:30 CEST: the same absolute instant, 17:30Z, three days on.
    expect(aware?.data).toMatchObject({
      awareAt: "2026-03-27T17:30:00Z",
      authorityDueAt: "2026-03-30T17:30:00.000Z",
    });
  });

  it("P8.5, INV-47: awareness is established once; the clock never restarts", () =>
    spec
      .given(seriousSoFar())
      .when({
        kind: "EstablishAwareness",
        actor: cto,
        incidentId: INCIDENT,
        at: "2026-03-29T10:00:00Z",
        awareAt: "2026-03-29T09:00:00Z",
        rationale: "later",
      })
      .thenRejects({ rule: "INV-47", clause: "P8.5" }));

  it("P8.5, INV-47: awareness without its rationale is refused", () =>
    spec
      .given(run([report]))
      .when({
        kind: "EstablishAwareness",
        actor: cto,
        incidentId: INCIDENT,
        at: "2026-03-27T18:00:00Z",
        awareAt: "2026-03-27T17:30:00Z",
        rationale: " ",
      })
      .thenRejects({ rule: "INV-47" }));
});

describe("BreachIncident, P8.6 and P8.7: classification and joint decisions", () => {
  it("P8.6, INV-48: only the CTO classifies the severity (not the CEO, not a delegate)", () => {
    const reported = run([
      report,
      {
        kind: "DelegateInvestigation",
        actor: cto,
        incidentId: INCIDENT,
        at: "2026-03-27T16:05:00Z",
        delegateActorId: engineer.id,
      },
    ]);
    for (const actor of [ceo, engineer])
      spec
        .given(reported)
        .when({
          kind: "ClassifySeverity",
          actor,
          incidentId: INCIDENT,
          at: "2026-03-27T18:05:00Z",
          severity: "minor",
          rationale: "r",
        })
        .thenRejects({ rule: "INV-48", clause: "P8.6" });
  });

  it("P8.6, INV-49: in a serious case no decision is proposed before the CEO is informed", () => {
    const beforeCeo = seriousSoFar().filter((event) => event.type !== "CEOInformed");
    spec
      .given(beforeCeo)
      .when(propose("dec-ap", "notifyAuthority"))
      .thenRejects({ rule: "INV-49", clause: "P8.6" });
  });

  it("P8.6, INV-49: no decision before the CTO classified the severity", () =>
    spec
      .given(run([report]))
      .when(propose("dec-ap", "notifyAuthority"))
      .thenRejects({ rule: "INV-49" }));

  it("P8.7, INV-50, D6: a serious decision is taken by two distinct people, one as CTO and one as CEO", () => {
    const events = run([propose("dec-ap", "notifyAuthority"), approve("dec-ap", cto, "CTO")], seriousSoFar());
    expect(events.at(-1)?.type).toBe("DecisionApproved");
    const taken = run([approve("dec-ap", ceo, "CEO")], events);
    expect(taken.at(-1)).toMatchObject({
      type: "DecisionTaken",
      data: {
        decisionId: "dec-ap",
        approvers: [
          { actorId: "actor-cto", as: "CTO" },
          { actorId: "actor-ceo", as: "CEO" },
        ],
      },
    });
  });

  it("P8.7, INV-50, D6: one person holding both CEO and CTO cannot take a serious decision alone", () => {
    const events = run(
      [propose("dec-ap", "notifyAuthority"), approve("dec-ap", ceoAndCto, "CTO")],
      seriousSoFar(),
    );
    spec
      .given(events)
      .when(approve("dec-ap", ceoAndCto, "CEO"))
      .thenRejects({ rule: "INV-50", clause: "P8.7" });
  });

  it("P8.7, INV-50: an approval in a role the actor does not hold is refused", () =>
    spec
      .given(run([propose("dec-ap", "notifyAuthority")], seriousSoFar()))
      .when(approve("dec-ap", engineer, "CEO"))
      .thenRejects({ rule: "BR-ROLE", clause: "P8.7" }));

  it("P8.1, P8.7: in a minor case the CTO's approval takes the decision", () => {
    const minor = run([
      report,
      {
        kind: "ClassifySeverity",
        actor: cto,
        incidentId: INCIDENT,
        at: "2026-03-27T18:05:00Z",
        severity: "minor",
        rationale: "one record",
      },
      propose("dec-ap", "notifyAuthority"),
      approve("dec-ap", cto, "CTO"),
    ]);
    expect(minor.at(-1)?.type).toBe("DecisionTaken");
  });
});

describe("BreachIncident, P8.5: notifications", () => {
  it("P8.5, INV-50: the authority is not notified on a decision that is not taken", () =>
    spec
      .given(run([propose("dec-ap", "notifyAuthority"), approve("dec-ap", cto, "CTO")], seriousSoFar()))
      .when(notify())
      .thenRejects({ rule: "INV-50", clause: "P8.7" }));

  it("P8.5, INV-52, Art. 33(3): a notification lacking an item of Art. 33(3) is refused unless given in phases", () => {
    const decided = run(takenJointly("dec-ap", "notifyAuthority"), seriousSoFar());
    const partial = { nature: full.nature, contactPoint: full.contactPoint, measures: full.measures };
    spec
      .given(decided)
      .when(notify({ contents: partial }))
      .thenRejects({ rule: "INV-52", article: "Art. 33(3), 33(4)" });
    const phased = run([notify({ contents: partial, phased: true })], decided);
    expect(phased.at(-1)).toMatchObject({
      type: "AuthorityNotified",
      data: {
        phased: true,
        missing: ["approximateSubjects", "approximateRecords", "likelyConsequences"],
        late: false,
      },
    });
  });

  it("P8.5, INV-51, Art. 33(1): after the 72 hours the notification needs the reasons for the delay", () => {
    const decided = run(takenJointly("dec-ap", "notifyAuthority"), seriousSoFar());
    spec
      .given(decided)
      .when(notify({ at: "2026-03-30T17:30:00.001Z" }))
      .thenRejects({ rule: "INV-51", clause: "P8.5", article: "Art. 33(1)" });
    const late = run(
      [notify({ at: "2026-03-31T09:00:00Z", lateReasons: "Scope only known after the forensic copy" })],
      decided,
    );
    expect(late.at(-1)).toMatchObject({ type: "AuthorityNotified", data: { late: true } });
  });

  it("P8.5, INV-51: the last millisecond of the 72 hours is still on time", () => {
    const decided = run(takenJointly("dec-ap", "notifyAuthority"), seriousSoFar());
    const onTime = run([notify({ at: "2026-03-30T17:30:00.000Z" })], decided);
    expect(onTime.at(-1)).toMatchObject({ type: "AuthorityNotified", data: { late: false } });
  });

  it("P8.5, INV-53, Art. 34(3): an exemption from telling the people concerned needs a taken decision and reasons", () => {
    const decided = run(takenJointly("dec-ex", "exemptSubjects"), seriousSoFar());
    const exemption: BreachCommand = {
      kind: "RecordSubjectNotificationExemption",
      actor: cto,
      incidentId: INCIDENT,
      at: "2026-03-28T11:00:00Z",
      decisionId: "dec-ex",
      ground: "Art. 34(3)(a)",
      reasons: "",
    };
    spec.given(decided).when(exemption).thenRejects({ rule: "INV-53", article: "Art. 34(3)" });
    const recorded = run(
      [{ ...exemption, reasons: "The leaked copy was encrypted; the key was not exposed" } as BreachCommand],
      decided,
    );
    expect(recorded.at(-1)?.type).toBe("SubjectNotificationExempted");
  });

  it("P8.5, D5, INV-54, Art. 33(2): a client whose data were touched is told; an unrecorded client cannot be 'told'", () => {
    const events = seriousSoFar();
    spec
      .given(events)
      .when({
        kind: "NotifyClient",
        actor: cto,
        incidentId: INCIDENT,
        at: "2026-03-28T09:00:00Z",
        clientOrganisationId: "org-acme",
      })
      .thenRejects({ rule: "INV-54" });
    const told = run(
      [
        {
          kind: "RecordAffectedClient",
          actor: cto,
          incidentId: INCIDENT,
          at: "2026-03-28T08:00:00Z",
          clientOrganisationId: "org-acme",
        },
        {
          kind: "NotifyClient",
          actor: cto,
          incidentId: INCIDENT,
          at: "2026-03-28T09:00:00Z",
          clientOrganisationId: "org-acme",
        },
      ],
      events,
    );
    expect(told.at(-1)?.type).toBe("ClientNotified");
  });

  it("P8.3: the findings go to the management team and to the general director, reported by the CTO", () => {
    const events = seriousSoFar();
    const findings = rest.at(-1) as Extract<BreachCommand, { kind: "ReportFindings" }>;
    spec
      .given(events)
      .when({ ...findings, toGeneralDirector: false })
      .thenRejects({ rule: "BR-FINDINGS", clause: "P8.3" });
    spec
      .given(events)
      .when({ ...findings, actor: ceo })
      .thenRejects({ rule: "BR-ROLE", clause: "P8.3" });
  });
});

describe("BreachIncident, P8.8, INV-55: closing", () => {
  const everything = (): BreachEvent[] =>
    run(
      [
        ...takenJointly("dec-ap", "notifyAuthority"),
        notify(),
        ...takenJointly("dec-subj", "notifySubjects"),
        {
          kind: "NotifyDataSubjects",
          actor: cto,
          incidentId: INCIDENT,
          at: "2026-03-28T12:00:00Z",
          decisionId: "dec-subj",
          channel: "e-mail to each affected contact",
          approximateCount: 1200,
        },
        {
          kind: "RecordAffectedClient",
          actor: cto,
          incidentId: INCIDENT,
          at: "2026-03-28T08:00:00Z",
          clientOrganisationId: "org-acme",
        },
        {
          kind: "NotifyClient",
          actor: cto,
          incidentId: INCIDENT,
          at: "2026-03-28T09:00:00Z",
          clientOrganisationId: "org-acme",
        },
        ...rest,
      ],
      seriousSoFar(),
    );
  const close: BreachCommand = {
    kind: "CloseIncident",
    actor: cto,
    incidentId: INCIDENT,
    at: "2026-04-03T10:00:00Z",
  };

  it("P8.2, P8.3, P8.4, P8.5, P8.8, INV-55: a serious breach with everything done and documented is closed", () =>
    spec
      .given(everything())
      .when(close)
      .thenEvents([
        { type: "IncidentClosed", data: { incidentId: INCIDENT, closedAt: "2026-04-03T10:00:00Z" } },
      ]));

  it("P8.5, INV-53, INV-55: a high-risk breach does not close while the people concerned were neither told nor exempted", () => {
    const rejection = spec
      .given(everything().filter((event) => event.type !== "DataSubjectsNotified"))
      .when(close)
      .thenRejects({ rule: "INV-55", clause: "P8.8" });
    expect(rejection.message).toContain("INV-53");
  });

  it("P8.5, INV-52, INV-55: a phased notification must be completed before closing; the supplement completes it", () => {
    const base = everything().filter((event) => event.type !== "AuthorityNotified");
    const phased = run(
      [
        notify({
          contents: { nature: full.nature, contactPoint: full.contactPoint, measures: full.measures },
          phased: true,
        }),
      ],
      base,
    );
    const rejection = spec.given(phased).when(close).thenRejects({ rule: "INV-55" });
    expect(rejection.message).toContain("INV-52");
    const supplemented = run(
      [
        {
          kind: "SupplementAuthorityNotification",
          actor: cto,
          incidentId: INCIDENT,
          at: "2026-03-29T10:00:00Z",
          contents: {
            approximateSubjects: full.approximateSubjects,
            approximateRecords: full.approximateRecords,
            likelyConsequences: full.likelyConsequences,
          },
        },
      ],
      phased,
    );
    spec
      .given(supplemented)
      .when(close)
      .thenEvents([
        { type: "IncidentClosed", data: { incidentId: INCIDENT, closedAt: "2026-04-03T10:00:00Z" } },
      ]);
  });

  it("P8.4, INV-55: an incident without a corrective measure, or without an improvement or the reasons none is needed, does not close", () => {
    const withoutMeasures = everything().filter(
      (event) => event.type !== "CorrectiveMeasureTaken" && event.type !== "PreventiveImprovementImplemented",
    );
    const rejection = spec.given(withoutMeasures).when(close).thenRejects({ rule: "INV-55" });
    expect(rejection.message).toContain("no corrective measure");
    expect(rejection.message).toContain("no preventive improvement");
  });

  it("P8.3, INV-55: not closed before the findings were reported", () => {
    const rejection = spec
      .given(everything().filter((event) => event.type !== "FindingsReported"))
      .when(close)
      .thenRejects({ rule: "INV-55" });
    expect(rejection.message).toContain("management team");
  });

  it("P8.8: a closed incident takes no further steps", () =>
    spec
      .given(run([close], everything()))
      .when(rest[0] as BreachCommand)
      .thenRejects({ rule: "BR-STATUS", clause: "P8.2" }));
});
