import {
  type DataSubjectCommand,
  dataSubjectStreamId,
  type ErasureOutcome,
  eraseOnRequest,
  loadRetentionSchedule,
  type Right,
  subscriptionStreamId,
  usageObjectionFollowUps,
} from "@privacy-ledger/domain";
import { isLeft } from "fp-ts/lib/Either.js";
import { actors, type Company } from "./context.js";

/** Receives a request, verifies the requester, runs `handle`, closes it with the outcome told. */
const request = async (
  company: Company,
  subjectId: string,
  right: Right,
  receivedAt: string,
  handle: (requestId: string) => Promise<void>,
  outcome: "granted" | "partiallyGranted" = "granted",
) => {
  const { subjects, clock } = company;
  const { support, cto } = actors;
  const stream = dataSubjectStreamId(subjectId);
  const requestId = `req-${subjectId.slice(5)}-${right}`;
  clock.set(receivedAt);
  await subjects.ok(stream, {
    kind: "ReceiveRightsRequest",
    actor: support,
    subjectId,
    requestId,
    right,
    channel: right === "objection" ? "phone" : "email",
    receivedAt,
  });
  clock.set(new Date(Date.parse(receivedAt) + 2 * 3_600_000).toISOString());
  const at = () => clock.now().toISOString();
  if (right !== "objection" && right !== "noDisclosure")
    await subjects.ok(stream, {
      kind: "VerifyIdentity",
      actor: support,
      subjectId,
      requestId,
      at: at(),
      proof: "replyFromRegisteredAddress",
    });
  await handle(requestId);
  clock.set(new Date(clock.now().getTime() + 3_600_000).toISOString());
  const close: DataSubjectCommand = {
    kind: "CloseRequest",
    actor: outcome === "granted" ? support : cto,
    subjectId,
    requestId,
    at: at(),
    outcome,
    communicatedBy: "email",
    ...(outcome === "partiallyGranted"
      ? { complaintToAuthorityStated: true, judicialRemedyStated: true }
      : {}),
  };
  await subjects.ok(stream, close);
};

/** P7: access, rectification, objection and restriction, each answered within the month the calendar computed. */
export const rightsInSpring = async (company: Company): Promise<void> => {
  const { subjects, subscriptions, clock } = company;
  const { support, cto, usageLogger } = actors;
  const at = () => clock.now().toISOString();

  // P7.a, Art. 15: Omar asks what we hold; one extension for a complex request, then the package.
  await request(company, "subj-omar", "access", "2026-05-18T08:30:00Z", async (requestId) => {
    await subjects.ok(dataSubjectStreamId("subj-omar"), {
      kind: "ExtendDeadline",
      actor: cto,
      subjectId: "subj-omar",
      requestId,
      at: at(),
      reasons: "Correspondence is spread over three systems; we answer within three months of receipt.",
    });
    clock.set("2026-06-05T10:00:00Z");
    await subjects.refused(
      dataSubjectStreamId("subj-omar"),
      {
        kind: "DeliverAccessPackage",
        actor: support,
        subjectId: "subj-omar",
        requestId,
        at: at(),
        package: {
          purposes: ["relationship.management"],
          dataCategories: ["name", "jobTitle", "businessEmail"],
          recipients: [],
          retention: [
            { retentionClass: "relationship", periodOrCriteria: "while you work at Globex (P4.2)" },
          ],
          rightsExplained: true,
          complaintRightStated: true,
          sources: ["Globex B.V."],
          automatedDecisionMaking: "none",
          copyIncluded: true,
        },
      },
      "the package names every recipient of the disclosure register (Art. 15(1)(c))",
    );
    await subjects.ok(dataSubjectStreamId("subj-omar"), {
      kind: "DeliverAccessPackage",
      actor: support,
      subjectId: "subj-omar",
      requestId,
      at: at(),
      package: {
        purposes: ["relationship.management"],
        dataCategories: ["name", "jobTitle", "businessEmail"],
        recipients: ["processor:proc-hosting"],
        retention: [{ retentionClass: "relationship", periodOrCriteria: "while you work at Globex (P4.2)" }],
        rightsExplained: true,
        complaintRightStated: true,
        sources: ["Globex B.V."],
        automatedDecisionMaking: "none",
        copyIncluded: true,
      },
    });
  });

  // P7.b, Art. 16: Jan's job title is corrected.
  await request(company, "subj-jan", "rectification", "2026-06-08T09:00:00Z", async (requestId) => {
    await subjects.ok(dataSubjectStreamId("subj-jan"), {
      kind: "RectifyData",
      actor: support,
      subjectId: "subj-jan",
      requestId,
      at: at(),
      corrections: { contactJobTitle: "Head of IT" },
    });
  });

  // P7.c, Art. 21(1): Piet objects to usage monitoring; the subscription stops it.
  await request(company, "subj-piet", "objection", "2026-06-10T13:00:00Z", async (requestId) => {
    const state = await subjects.ok(dataSubjectStreamId("subj-piet"), {
      kind: "RecordObjection",
      actor: support,
      subjectId: "subj-piet",
      requestId,
      at: at(),
      processing: "usageMonitoring",
    });
    for (const subscriptionId of usageObjectionFollowUps(state))
      await subscriptions.ok(subscriptionStreamId(subscriptionId), {
        kind: "ObjectToUsageMonitoring",
        actor: support,
        pseudonymousUserId: "pu-71c2",
        receivedAt: "2026-06-10T13:00:00Z",
      });
    await subscriptions.refused(
      subscriptionStreamId("sub-acme"),
      {
        kind: "RecordUsage",
        actor: usageLogger,
        pseudonymousUserId: "pu-71c2",
        makerRef: "pu-71c2",
        lastEditAt: at(),
        recordType: "processingRecord",
        module: "register",
        legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2025-01" },
        activityId: "act-usage",
      },
      "Piet objected (Art. 21(1), INV-07)",
    );
  });

  // P7.d, Art. 18: Sara's data restricted while she contests their accuracy, then lifted after notice.
  await request(company, "subj-sara", "restriction", "2026-06-15T09:00:00Z", async (requestId) => {
    const stream = dataSubjectStreamId("subj-sara");
    await subjects.ok(stream, {
      kind: "RestrictProcessing",
      actor: support,
      subjectId: "subj-sara",
      requestId,
      at: at(),
      ground: "Art. 18(1)(a)",
    });
    // While it is in force her account data are only stored: the usage logger's record of her work
    // in the tool is refused (INV-42, Art. 18(2)), with the restrictions loaded for the command.
    await subscriptions.refused(
      subscriptionStreamId("sub-globex"),
      {
        kind: "RecordUsage",
        actor: usageLogger,
        pseudonymousUserId: "pu-0d9e",
        makerRef: "pu-0d9e",
        lastEditAt: at(),
        recordType: "processingRecord",
        module: "register",
        legalBasis: { kind: "legitimateInterest", liaRef: "LIA-2025-01" },
        activityId: "act-usage",
      },
      "Sara's account data are restricted while she contests their accuracy (Art. 18(2))",
    );
    clock.set("2026-06-16T09:00:00Z");
    await subjects.refused(
      stream,
      { kind: "LiftRestriction", actor: cto, subjectId: "subj-sara", requestId, at: at() },
      "the person is told before a restriction is lifted (Art. 18(3))",
    );
    await subjects.ok(stream, {
      kind: "SendRestrictionLiftNotice",
      actor: support,
      subjectId: "subj-sara",
      requestId,
      at: at(),
    });
    clock.set("2026-06-18T09:00:00Z");
    await subjects.ok(stream, {
      kind: "LiftRestriction",
      actor: cto,
      subjectId: "subj-sara",
      requestId,
      at: at(),
    });
  });
};

/** Art. 20 and P7.e, in summer. */
export const rightsInSummer = async (company: Company): Promise<void> => {
  const { subjects, clock } = company;
  const { support } = actors;
  const at = () => clock.now().toISOString();

  // Art. 20: Anna takes her training data with her.
  await request(company, "subj-anna", "portability", "2026-07-06T09:00:00Z", async (requestId) => {
    await subjects.ok(dataSubjectStreamId("subj-anna"), {
      kind: "DeliverPortableExport",
      actor: support,
      subjectId: "subj-anna",
      requestId,
      at: at(),
      format: "json",
      dataCategories: ["name", "email"],
    });
  });

  // P7.e: Omar does not want his data passed to other parties.
  await request(company, "subj-omar", "noDisclosure", "2026-07-08T09:00:00Z", async (requestId) => {
    await subjects.ok(dataSubjectStreamId("subj-omar"), {
      kind: "RecordObjection",
      actor: support,
      subjectId: "subj-omar",
      requestId,
      at: at(),
      processing: "disclosureToPartners",
    });
  });
};

/** P7.b, Art. 17: Jan asks to be erased; his billing data stay under the tax duty (AWR art. 52(4)). */
export const erasureInAutumn = async (company: Company): Promise<ErasureOutcome> => {
  const { clock } = company;
  const { support } = actors;
  const at = () => clock.now().toISOString();
  let outcome: ErasureOutcome | undefined;
  await request(
    company,
    "subj-jan",
    "erasure",
    "2026-10-05T09:00:00Z",
    async (requestId) => {
      const schedule = await loadRetentionSchedule(company.ledger.store);
      const erased = await eraseOnRequest(
        {
          store: company.ledger.store,
          keyStore: company.ledger.keyStore,
          keyCache: company.ledger.keyCache,
          register: company.register,
        },
        { subjectId: "subj-jan", requestId, actor: support, at: clock.now() },
        schedule,
      );
      if (isLeft(erased)) throw new Error(`erasure failed: ${erased.left.message}`);
      outcome = erased.right;
      company.journal.lines.push(
        `${at().slice(0, 10)}  Retention       eraseOnRequest → shredded ${outcome.erased.map((e) => e.retentionClass).join(", ")}; kept ${outcome.declined.map((d) => `${d.retentionClass} (${d.ground}, ${d.provision})`).join("; ")}`,
      );
    },
    "partiallyGranted",
  );
  if (outcome === undefined) throw new Error("the erasure did not run");
  return outcome;
};
