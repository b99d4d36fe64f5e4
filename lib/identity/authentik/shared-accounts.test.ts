import type { ScopeMapping } from "@goauthentik/api";
import { describe, expect, it } from "vitest";
import { SHARED_ACCOUNT_SCOPES, sharedAccountExpression, sharedAccountsKeyOf } from "./shared-accounts";

const mapping = (scopeName: string, expression: string) => ({ pk: scopeName, scopeName, expression, name: scopeName }) as ScopeMapping;

describe("Castello's shared-account claim mappings", () => {
  it("hold no family names or e-mail lists: only the tenant's key", () => {
    for (const scope of SHARED_ACCOUNT_SCOPES) {
      const expression = sharedAccountExpression(scope, "rossi");
      expect(expression).toContain('.get("rossi")');
      expect(expression).not.toMatch(/@/);
    }
  });

  it("give each claim from one scope only, so evaluation order cannot matter", () => {
    const claims = SHARED_ACCOUNT_SCOPES.map((scope) => [
      ...new Set([...sharedAccountExpression(scope, "k").matchAll(/"([a-z_]+)": /g)].map((m) => m[1])),
    ]);
    const all = claims.flat();
    expect(new Set(all).size).toBe(all.length);
  });

  it("are recognised only when every mapping is exactly Castello's for one key", () => {
    const ours = SHARED_ACCOUNT_SCOPES.map((scope) => mapping(scope, sharedAccountExpression(scope, "rossi")));
    expect(sharedAccountsKeyOf(ours)).toBe("rossi");
    expect(sharedAccountsKeyOf([...ours.slice(1), mapping("openid", sharedAccountExpression("openid", "bianchi"))])).toBeNull();
    expect(sharedAccountsKeyOf([...ours.slice(1), mapping("openid", "return {}")])).toBeNull();
    const edited = mapping("email", `${sharedAccountExpression("email", "rossi")}\n# edited`);
    expect(sharedAccountsKeyOf([ours[0]!, edited, ours[2]!])).toBeNull();
  });

  it("quote the key safely", () => {
    expect(sharedAccountExpression("email", 'a"b')).toContain('.get("a\\"b")');
  });
});
