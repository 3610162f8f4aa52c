/** Raised at compile time so an org's broken rule is rejected when the policy is saved, not on live traffic. */
export class InvalidCustomRuleError extends Error {
  readonly ruleId: string;
  constructor(ruleId: string, reason: string) {
    super(`Invalid custom rule "${ruleId}": ${reason}`);
    this.name = "InvalidCustomRuleError";
    this.ruleId = ruleId;
  }
}
