import type { ComplianceFigure } from "@privacy-ledger/projections";
import type { ComplianceReport, ReportSectionId } from "./complianceReport.js";

/*
 * The compliance report as HTML (one self-contained file: inline CSS, no script, no network; readable on
 * screen and in print), Markdown and JSON. HTML and Markdown render the same document: sections of facts,
 * tables and notes, each section under its id.
 */

export type ReportFormat = "html" | "json" | "md";

type Tone = "ok" | "bad" | "warn" | undefined;

type Block =
  | { readonly kind: "facts"; readonly items: readonly (readonly [string, string, Tone?])[] }
  | {
      readonly kind: "table";
      readonly caption: string;
      readonly columns: readonly string[];
      readonly rows: readonly (readonly string[])[];
      readonly empty: string;
    }
  | { readonly kind: "note"; readonly text: string; readonly tone: Tone };

interface Section {
  readonly id: ReportSectionId;
  readonly title: string;
  /** What the section shows and which rules it checks. */
  readonly lead: string;
  readonly blocks: readonly Block[];
}

const dash = "-";
const text = (value: string | number | null | undefined): string =>
  value === null || value === undefined || value === "" ? dash : String(value);
const ISO = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** An instant as "2026-06-19 16:30Z": a space where a column may wrap, no zero seconds. */
const instant = (value: string | null): string => {
  if (value === null || value === "") return dash;
  const match = ISO.exec(value);
  if (match === null) return value;
  const [, date, minutes, seconds = "", fraction = "", zone] = match;
  const exact = /^\.0*$/.test(fraction) ? "" : fraction;
  return `${date} ${minutes}${seconds === ":00" && exact === "" ? "" : `${seconds}${exact}`}${zone}`;
};
const yesNo = (value: boolean | null): string => (value === null ? dash : value ? "yes" : "no");
const hours = (value: number | null): string => (value === null ? dash : `${value.toFixed(1)} h`);
const percent = (value: number | null): string => (value === null ? "n/a" : `${(value * 100).toFixed(1)}%`);
const figure = (f: ComplianceFigure): string =>
  f.total === 0 ? "none to count" : `${f.onTime} of ${f.total} (${percent(f.share)}), ${f.late} late`;
const figureTone = (f: ComplianceFigure): Tone => (f.total === 0 ? undefined : f.late === 0 ? "ok" : "bad");

/** The report as sections of facts, tables and notes: what HTML and Markdown both show. */
export const reportDocument = (report: ComplianceReport): readonly Section[] => {
  const s = report.sections;
  const chain = s.chain;
  const rights = s["rights-requests"];
  const policy = s["policy-versions"];
  const register = s["processing-activities"];
  return [
    {
      id: "chain",
      title: "Chain status",
      lead: "Every stream's SHA-256 hash chain, checked over what is stored (ciphertext included), without keys (P8.8, Art. 5(2)).",
      blocks: [
        {
          kind: "facts",
          items: [
            [
              "Status",
              chain.status === "intact" ? "INTACT" : "BROKEN",
              chain.status === "intact" ? "ok" : "bad",
            ],
            ["Events", text(chain.events)],
            ["Streams", text(chain.streams)],
            ["Head position", text(chain.headPosition)],
          ],
        },
        ...(chain.failure === null
          ? []
          : [
              {
                kind: "note" as const,
                tone: "bad" as const,
                text: `First broken link: ${chain.failure.kind}${chain.failure.streamId === undefined ? "" : ` at ${chain.failure.streamId}@${chain.failure.streamVersion}`}: ${chain.failure.message}. The sections below are computed from a log that does not verify.`,
              },
            ]),
        ...(chain.readModelsError === null
          ? []
          : [
              {
                kind: "note" as const,
                tone: "bad" as const,
                text: `The read models could not be built from this log: ${chain.readModelsError}`,
              },
            ]),
      ],
    },
    {
      id: "rights-requests",
      title: "Rights requests on time",
      lead: "Closed requests answered by their applicable deadline (one month, or the extended one), and requests still open (P7, P7.2, Art. 12(3)).",
      blocks: [
        {
          kind: "facts",
          items: [
            ["Answered on time", figure(rights.answeredOnTime), figureTone(rights.answeredOnTime)],
            ["Open", String(rights.open.length)],
            [
              "Open and overdue",
              String(rights.open.filter((r) => r.overdue).length),
              rights.open.some((r) => r.overdue) ? "bad" : "ok",
            ],
          ],
        },
        {
          kind: "table",
          caption: "Closed requests",
          columns: [
            "request",
            "subject",
            "right",
            "channel",
            "received",
            "due",
            "extended",
            "closed",
            "outcome",
            "on time",
          ],
          rows: rights.closed.map((r) => [
            r.requestId,
            r.subjectId,
            r.right,
            r.channel,
            instant(r.receivedAt),
            instant(r.applicableDueAt),
            yesNo(r.extended),
            instant(r.closedAt),
            r.refusedGround === null ? r.outcome : `${r.outcome} (${r.refusedGround})`,
            yesNo(r.onTime),
          ]),
          empty: "No request was closed.",
        },
        {
          kind: "table",
          caption: "Open requests",
          columns: ["request", "subject", "right", "received", "due", "days left", "overdue", "identity"],
          rows: rights.open.map((r) => [
            r.requestId,
            r.subjectId,
            r.right,
            instant(r.receivedAt),
            instant(r.effectiveDueAt),
            String(r.daysLeft),
            yesNo(r.overdue),
            r.identity,
          ]),
          empty: "No request is open.",
        },
      ],
    },
    {
      id: "breaches",
      title: "Breaches and their 72-hour clocks",
      lead: "Every incident of the breach register, with the 72 hours from awareness to the notification of the Autoriteit Persoonsgegevens (P8.5-P8.8, Art. 33).",
      blocks: [
        {
          kind: "facts",
          items: [
            [
              "Notified within 72 hours",
              figure(s.breaches.notifiedWithin72Hours),
              figureTone(s.breaches.notifiedWithin72Hours),
            ],
            ["Incidents", String(s.breaches.incidents.length)],
            ["Open", String(s.breaches.incidents.filter((i) => i.closedAt === null).length)],
          ],
        },
        {
          kind: "table",
          caption: "Incidents",
          columns: [
            "incident",
            "reported",
            "aware",
            "severity",
            "risk",
            "authority due",
            "notified",
            "clock used",
            "hours left",
            "late",
            "reference",
            "people told",
            "closed",
          ],
          rows: s.breaches.incidents.map((i) => [
            i.incidentId,
            instant(i.reportedAt),
            instant(i.awareAt),
            text(i.severity),
            text(i.risk),
            instant(i.authorityDueAt),
            instant(i.authorityNotifiedAt),
            i.hoursToNotify === null ? dash : `${hours(i.hoursToNotify)} of 72 h`,
            i.overdue ? `${hours(i.hoursLeft)} (OVERDUE)` : hours(i.hoursLeft),
            yesNo(i.notifiedLate),
            text(i.authorityReference),
            i.subjectsNotifiedCount !== null
              ? String(i.subjectsNotifiedCount)
              : i.subjectExemptionGround !== null
                ? `exempt: ${i.subjectExemptionGround}`
                : dash,
            instant(i.closedAt),
          ]),
          empty: "No incident was reported.",
        },
      ],
    },
    {
      id: "escalations",
      title: "Escalations with both approvers",
      lead: "Decisions on a breach and who approved them, as which role; in a serious case the CEO and the CTO, two people, both approve (P8.7, INV-50, D6).",
      blocks: [
        {
          kind: "facts",
          items: [
            ["Decisions", String(s.escalations.decisions.length)],
            [
              "Approved by CEO and CTO",
              String(s.escalations.decisions.filter((d) => d.bothApprovers).length),
            ],
            [
              "Serious, taken without both",
              String(
                s.escalations.decisions.filter(
                  (d) => d.severity === "serious" && d.takenAt !== null && !d.bothApprovers,
                ).length,
              ),
              s.escalations.decisions.some(
                (d) => d.severity === "serious" && d.takenAt !== null && !d.bothApprovers,
              )
                ? "bad"
                : "ok",
            ],
          ],
        },
        {
          kind: "table",
          caption: "Decisions",
          columns: [
            "incident",
            "severity",
            "decision",
            "about",
            "proposed",
            "approvals",
            "taken",
            "both approvers",
            "CEO informed before",
          ],
          rows: s.escalations.decisions.map((d) => [
            d.incidentId,
            text(d.severity),
            d.decisionId,
            text(d.about),
            instant(d.proposedAt),
            d.approvals.length === 0
              ? dash
              : d.approvals.map((a) => `${a.as}: ${a.actorId} at ${instant(a.approvedAt)}`).join("; "),
            instant(d.takenAt),
            yesNo(d.bothApprovers),
            yesNo(d.ceoInformedBefore),
          ]),
          empty: "No decision was put to the approvers.",
        },
      ],
    },
    {
      id: "consents",
      title: "Consents with evidence",
      lead: "Consent evidence counted per purpose and notice version: what was shown, given (with the notice version, the moment shown and the channel as evidence), withdrawn or objected to; counts only, never who (P1.F.3, INV-23, Art. 7(1)).",
      blocks: [
        {
          kind: "facts",
          items: [
            ["People with consent evidence", String(s.consents.subjects)],
            ["Consents given", String(s.consents.totals.given)],
            [
              "Given with complete evidence",
              `${s.consents.totals.givenWithEvidence} of ${s.consents.totals.given}`,
              s.consents.totals.givenWithEvidence === s.consents.totals.given ? "ok" : "warn",
            ],
            ["Withdrawn", String(s.consents.totals.withdrawn)],
          ],
        },
        {
          kind: "table",
          caption: "Per purpose and notice version",
          columns: [
            "purpose",
            "notice version",
            "presented",
            "given",
            "with evidence",
            "by the person",
            "by staff",
            "withdrawn",
            "unsubscribed",
            "objected",
            "soft opt-in",
            "suppressed",
          ],
          rows: s.consents.byPurpose.map((c) => [
            c.purpose,
            c.noticeVersionId,
            String(c.presented),
            String(c.given),
            String(c.givenWithEvidence),
            String(c.givenBySubject),
            String(c.recordedByStaff),
            String(c.withdrawn),
            String(c.unsubscribed),
            String(c.objected),
            String(c.softOptIn),
            String(c.suppressed),
          ]),
          empty: "No consent evidence was recorded.",
        },
      ],
    },
    {
      id: "retention",
      title: "Retention due",
      lead: "From the retention schedule (the read model that runs the domain's own fold over the events): data whose period is over, with no legal hold, whose keys are not destroyed yet (INV-27, INV-28, P4, Art. 5(1)(e)).",
      blocks: [
        {
          kind: "facts",
          items: [
            ["Due for erasure", String(s.retention.due.length), s.retention.due.length === 0 ? "ok" : "warn"],
            ["Past their end, under a legal hold", String(s.retention.heldBack)],
          ],
        },
        {
          kind: "table",
          caption: "Due for erasure",
          columns: ["subject", "class", "kept until", "basis", "clauses"],
          rows: s.retention.due.map((d) => [
            d.subjectId,
            d.retentionClass,
            instant(d.until),
            d.basis,
            d.clauses.join(" "),
          ]),
          empty: "Nothing is due for erasure.",
        },
        {
          kind: "table",
          caption: "Schedule per retention class",
          columns: ["class", "held", "period not started", "erased"],
          rows: s.retention.byClass.map((c) => [
            c.retentionClass,
            String(c.held),
            String(c.open),
            String(c.erased),
          ]),
          empty: "No personal data are held.",
        },
      ],
    },
    {
      id: "erasures",
      title: "Erasures done",
      lead: "The erasure ledger: every crypto-shredding, with its class, reason and request, and no personal data (P7.b, Art. 17, Art. 5(2)).",
      blocks: [
        { kind: "facts", items: [["Erasures", String(s.erasures.erasures.length)]] },
        {
          kind: "table",
          caption: "Erasures",
          columns: ["subject", "class", "keys destroyed", "reason", "request", "erased", "by"],
          rows: s.erasures.erasures.map((e) => [
            e.subjectId,
            e.retentionClass,
            String(e.keysDestroyed),
            e.reason,
            text(e.requestId),
            instant(e.erasedAt),
            e.actorId,
          ]),
          empty: "No erasure was recorded.",
        },
      ],
    },
    {
      id: "disclosures",
      title: "Disclosures to recipients",
      lead: "The disclosure register: per recipient, how often personal data went to it, about how many people, which categories and for which purposes; counts only, never who (P3.1-P3.3, Art. 30(1)(d), Art. 19).",
      blocks: [
        {
          kind: "facts",
          items: [
            ["Disclosures", String(s.disclosures.total)],
            ["Recipients", String(s.disclosures.byRecipient.length)],
          ],
        },
        {
          kind: "table",
          caption: "Per recipient",
          columns: ["recipient", "kind", "disclosures", "people", "data categories", "purposes", "last"],
          rows: s.disclosures.byRecipient.map((r) => [
            r.recipientId,
            r.recipientKind,
            String(r.disclosures),
            String(r.subjects),
            r.dataCategories.join(", "),
            r.purposes.join(", "),
            instant(r.lastDisclosedAt),
          ]),
          empty: "No disclosure was recorded.",
        },
      ],
    },
    {
      id: "policy-versions",
      title: "Policy versions and announcements",
      lead: "Every version of the privacy policy, and how many of the current clients its service notice reached; a material change is announced before it takes effect (P6.1, INV-32, INV-33).",
      blocks: [
        {
          kind: "facts",
          items: [
            ["Versions", String(policy.versions.length)],
            [
              "Material, not announced in time",
              String(policy.versions.filter((v) => v.announcedInTime === false).length),
              policy.versions.some((v) => v.announcedInTime === false) ? "bad" : "ok",
            ],
          ],
        },
        {
          kind: "table",
          caption: "Versions",
          columns: [
            "version",
            "published",
            "effective from",
            "material",
            "adds purposes",
            "announced",
            "in time",
            "clients notified",
            "coverage",
            "re-consent asked",
            "took effect",
          ],
          rows: policy.versions.map((v) => [
            v.versionId,
            instant(v.publishedAt),
            instant(v.effectiveFrom),
            yesNo(v.material),
            v.addsPurposes.length === 0
              ? dash
              : v.addsPurposes.map((p) => `${p.purpose} (${p.legalBasis})`).join(", "),
            instant(v.firstAnnouncedAt),
            yesNo(v.announcedInTime),
            v.currentClients === null
              ? String(v.clientsNotified)
              : `${v.clientsNotified} of ${v.currentClients}`,
            percent(v.coverage),
            v.reconsentRequested.length === 0 ? dash : v.reconsentRequested.join(", "),
            instant(v.tookEffectAt),
          ]),
          empty: "No policy version was published.",
        },
      ],
    },
    {
      id: "processing-activities",
      title: "Register of processing activities",
      lead: "The record of processing activities with its legal bases and retention classes, and the processors with their agreements, sub-processors and storage locations (P2.1-P2.3, P3.3, P4, P5.1, Art. 28, Art. 30, Art. 44).",
      blocks: [
        {
          kind: "facts",
          items: [
            ["Activities", String(register.activities.filter((a) => a.retiredAt === null).length)],
            ["Retired", String(register.activities.filter((a) => a.retiredAt !== null).length)],
            ["Processors", String(register.processors.length)],
            [
              "Processors active without an agreement",
              String(register.processors.filter((p) => p.activeForDisclosure && p.agreement === null).length),
              register.processors.some((p) => p.activeForDisclosure && p.agreement === null) ? "bad" : "ok",
            ],
          ],
        },
        {
          kind: "table",
          caption: "Activities",
          columns: [
            "activity",
            "name",
            "purposes",
            "legal basis",
            "retention class",
            "processors",
            "registered",
            "retired",
          ],
          rows: register.activities.map((a) => [
            a.activityId,
            a.name,
            a.purposes.join(", "),
            a.legalBasis,
            a.retentionClass,
            a.processors.length === 0 ? dash : a.processors.join(", "),
            instant(a.registeredAt),
            instant(a.retiredAt),
          ]),
          empty: "No processing activity is registered.",
        },
        {
          kind: "table",
          caption: "Processors",
          columns: ["processor", "name", "country", "agreement", "active", "sub-processors", "locations"],
          rows: register.processors.map((p) => [
            p.processorId,
            p.name,
            p.country,
            text(p.agreement),
            yesNo(p.activeForDisclosure),
            p.subProcessors.length === 0 ? dash : p.subProcessors.join(", "),
            p.locations.length === 0 ? dash : p.locations.join(", "),
          ]),
          empty: "No processor is registered.",
        },
      ],
    },
    {
      id: "warnings",
      title: "Warnings of recorded overrides",
      lead: "Where the company chose a reading other than the default, the warning it was given (decisions D2 and D3).",
      blocks: [
        ...s.warnings.warnings.map((w) => ({
          kind: "note" as const,
          tone: w.stands ? ("warn" as const) : undefined,
          text: `${w.decision} ${w.kind} recorded ${instant(w.recordedAt)} by ${w.actorId}${w.reference === null ? "" : ` (${w.reference})`}, ${w.stands ? "STANDS" : `revoked ${instant(w.endedAt)}`}: ${w.warning}`,
        })),
        ...s.warnings.notes.map((note) => ({ kind: "note" as const, tone: "ok" as const, text: note })),
      ],
    },
  ];
};

const TITLE = "privacy-ledger compliance report";

const subtitle = (report: ComplianceReport): string =>
  `Store ${report.store}, the facts as they stood at ${instant(report.asOf)} (${report.eventsRead} events dated up to then, through ${report.readModels.length} read models); generated ${instant(report.generatedAt)}. Ids, codes, counts and instants only: no personal data.`;

const escapeHtml = (value: string): string =>
  value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

const CSS = `
:root { --ink: #1d2430; --muted: #5b6472; --line: #d8dde5; --ok: #1f7a3f; --bad: #b42318; --warn: #9a6700; --band: #f4f6f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 28px 48px; }
header h1 { margin: 0 0 4px; font-size: 26px; }
header p { margin: 0 0 16px; color: var(--muted); }
nav ol { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 0 0 8px; padding: 10px 14px; list-style: none; background: var(--band); border-radius: 6px; }
nav a { color: var(--ink); }
section { margin-top: 28px; padding-top: 8px; border-top: 2px solid var(--line); }
h2 { margin: 0 0 4px; font-size: 20px; }
.lead { margin: 0 0 12px; color: var(--muted); }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 8px; margin: 0 0 14px; }
dl.facts div { padding: 8px 12px; background: var(--band); border-radius: 6px; border-left: 4px solid var(--line); }
dl.facts dt { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
dl.facts dd { margin: 0; font-size: 17px; font-weight: 600; }
.ok { border-left-color: var(--ok) !important; } .ok dd, span.ok { color: var(--ok); }
.bad { border-left-color: var(--bad) !important; } .bad dd, span.bad { color: var(--bad); }
.warn { border-left-color: var(--warn) !important; } .warn dd, span.warn { color: var(--warn); }
.table { overflow-x: auto; margin: 0 0 14px; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; white-space: nowrap; }
td { font-variant-numeric: tabular-nums; overflow-wrap: break-word; }
p.empty { color: var(--muted); font-style: italic; margin: 0 0 14px; }
p.note { margin: 0 0 10px; padding: 8px 12px; border-left: 4px solid var(--line); background: var(--band); border-radius: 4px; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@media print {
  @page { size: A4 landscape; margin: 14mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  section { break-before: page; page-break-before: always; border-top: none; margin-top: 0; }
  section:first-of-type { break-before: auto; page-break-before: auto; }
  h2, caption { break-after: avoid; page-break-after: avoid; }
  .table { overflow: visible; }
  table { font-size: 8.5pt; }
  thead { display: table-header-group; }
  tr, dl.facts div, p.note { break-inside: avoid; page-break-inside: avoid; }
  dl.facts div, th, p.note { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
`;

const htmlBlock = (block: Block): string => {
  switch (block.kind) {
    case "facts":
      return `<dl class="facts">${block.items
        .map(
          ([label, value, tone]) =>
            `<div${tone === undefined ? "" : ` class="${tone}"`}><dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd></div>`,
        )
        .join("")}</dl>`;
    case "table":
      if (block.rows.length === 0)
        return `<p class="empty">${escapeHtml(block.caption)}: ${escapeHtml(block.empty)}</p>`;
      return `<div class="table"><table><caption>${escapeHtml(block.caption)}</caption><thead><tr>${block.columns
        .map((c) => `<th scope="col">${escapeHtml(c)}</th>`)
        .join("")}</tr></thead><tbody>${block.rows
        .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`)
        .join("\n")}</tbody></table></div>`;
    case "note":
      return `<p class="note${block.tone === undefined ? "" : ` ${block.tone}`}">${escapeHtml(block.text)}</p>`;
  }
};

export const renderHtml = (report: ComplianceReport): string => {
  const sections = reportDocument(report);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(`${TITLE}, ${report.asOf}`)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header>
<h1>${TITLE}</h1>
<p>${escapeHtml(subtitle(report))}</p>
<nav aria-label="Sections"><ol>${sections.map((section) => `<li><a href="#${section.id}">${escapeHtml(section.title)}</a></li>`).join("")}</ol></nav>
</header>
${sections
  .map(
    (section) => `<section id="${section.id}">
<h2>${escapeHtml(section.title)}</h2>
<p class="lead">${escapeHtml(section.lead)}</p>
${section.blocks.map(htmlBlock).join("\n")}
</section>`,
  )
  .join("\n")}
<footer>privacy-ledger report: read models replayed in memory from the log, without keys; chain verified over the whole store.</footer>
</main>
</body>
</html>
`;
};

const mdCell = (value: string): string =>
  value.replaceAll("\\", "\\\\").replaceAll("|", "\\|").replaceAll("\n", " ");

const mdBlock = (block: Block): string => {
  switch (block.kind) {
    case "facts":
      return block.items
        .map(([label, value, tone]) => `- **${label}:** ${value}${tone === "bad" ? " ⚠" : ""}`)
        .join("\n");
    case "table":
      if (block.rows.length === 0) return `*${block.caption}: ${block.empty}*`;
      return [
        `**${block.caption}**`,
        "",
        `| ${block.columns.map(mdCell).join(" | ")} |`,
        `| ${block.columns.map(() => "---").join(" | ")} |`,
        ...block.rows.map((row) => `| ${row.map(mdCell).join(" | ")} |`),
      ].join("\n");
    case "note":
      return `> ${block.tone === "warn" || block.tone === "bad" ? "**Warning:** " : ""}${block.text}`;
  }
};

export const renderMarkdown = (report: ComplianceReport): string => {
  const sections = reportDocument(report);
  return `# ${TITLE}

${subtitle(report)}

${sections.map((section) => `- [${section.title}](#${section.id})`).join("\n")}

${sections
  .map(
    (section) =>
      `<a id="${section.id}"></a>\n\n## ${section.title}\n\n${section.lead}\n\n${section.blocks.map(mdBlock).join("\n\n")}`,
  )
  .join("\n\n")}
`;
};

export const renderJson = (report: ComplianceReport): string => `${JSON.stringify(report, null, 2)}\n`;

export const renderReport = (report: ComplianceReport, format: ReportFormat): string =>
  format === "html" ? renderHtml(report) : format === "md" ? renderMarkdown(report) : renderJson(report);
