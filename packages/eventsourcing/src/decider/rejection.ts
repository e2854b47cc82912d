/**
 * A rejection is data, not an exception: it names the rule that refused the command (an invariant id
 * such as "INV-48"), the policy clause it implements ("P8.6") and, where one applies, the GDPR article,
 * so a CLI, a report and a test can show it without parsing text.
 */
export interface Rejection {
  readonly kind: "Rejection";
  readonly rule: string;
  readonly clause?: string;
  readonly article?: string;
  readonly message: string;
}

export const rejection = (fields: Omit<Rejection, "kind">): Rejection => ({ kind: "Rejection", ...fields });
