import { reject } from "../shared/reject.js";
import type { AnnouncePolicyChange } from "./commands.js";
import {
  actorHolds,
  before,
  type Decision,
  decided,
  firstFailure,
  instant,
  knownVersion,
  opaqueId,
  POLICY_SENDERS,
} from "./rules.js";
import type { PrivacyPolicyState } from "./state.js";

/**
 * P6.1, INV-32, Art. 12(1), 13(3): a change is announced by service notice to every current client, before
 * a material change takes effect. The notice is not marketing: it goes to clients who unsubscribed from
 * the newsletter or objected to direct marketing too, so the newsletter (the channel P6.1 names) cannot
 * carry it. `currentClients` is the set of current clients as the subscriptions stand (a value the app
 * folds before deciding, as the processing register is).
 */
export const announcePolicyChange = (
  command: AnnouncePolicyChange,
  state: PrivacyPolicyState,
  currentClients: ReadonlySet<string>,
): Decision => {
  const role = actorHolds(command.actor, POLICY_SENDERS, "announcing a policy change", "P6.1");
  if (role !== undefined) return decided(role, () => []);
  const version = knownVersion(state, command.versionId);
  if (version._tag === "Left") return version;
  const entry = version.right;
  const notified = new Set(command.clientsNotified);
  const missing = [...currentClients].filter((client) => !notified.has(client));
  return decided(
    firstFailure(
      () => instant(command.announcedAt, "announcedAt", "P6.1"),
      ...command.clientsNotified.map((client) => () => opaqueId(client, "a notified client's id", "P6.1")),
      () =>
        command.channel === "serviceNotice"
          ? undefined
          : reject(
              "INV-32",
              "P6.1",
              "Art. 12(1), Art. 13(3)",
              "a policy change is announced by service notice: the newsletter does not reach clients who unsubscribed or objected",
            ),
      () =>
        before(command.announcedAt, entry.publishedAt)
          ? reject("POLICY-DATES", "P6.1", undefined, `version ${entry.versionId} is not yet published then`)
          : undefined,
      () =>
        entry.material && !before(command.announcedAt, entry.effectiveFrom)
          ? reject(
              "INV-32",
              "P6.1",
              "Art. 12(1), Art. 13(3)",
              `material version ${entry.versionId} takes effect at ${entry.effectiveFrom}; it must be announced before`,
            )
          : undefined,
      () =>
        missing.length > 0
          ? reject(
              "INV-32",
              "P6.1",
              "Art. 12(1)",
              `the announcement must reach every current client; ${missing.length} not notified: ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", …" : ""}`,
            )
          : undefined,
    ),
    () => [
      {
        type: "PolicyChangeAnnounced",
        data: {
          versionId: entry.versionId,
          announcedAt: command.announcedAt,
          channel: "serviceNotice",
          clientsNotified: [...notified],
          currentClientCount: currentClients.size,
        },
      },
    ],
  );
};
