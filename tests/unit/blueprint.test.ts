import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  BLUEPRINT_TAGS,
  isTag,
  parseBlueprint,
  resolveValue,
  type Blueprint,
  type BlueprintEntry,
  type BlueprintTag,
} from "./support/authentik-blueprint";
import { MODEL_REQUEST_SCHEMAS, checkBlueprint, loadAuthentikSchema, requestSchemaFor } from "./support/authentik-schema";

const BLUEPRINT_FILE = fileURLToPath(new URL("../../authentik/blueprints/castello.yaml", import.meta.url));
const text = readFileSync(BLUEPRINT_FILE, "utf8");
const blueprint = parseBlueprint(text);
const schema = loadAuthentikSchema();

/** The keys Castello puts in an invitation's fixed_data (docs/authentik-setup.md). */
const FIXED_DATA_PROMPT_KEYS = ["email", "name", "username"];

function resolved<T = unknown>(value: unknown): T {
  const problems: string[] = [];
  const out = resolveValue(value, blueprint, problems);
  expect(problems).toEqual([]);
  return out as T;
}

function entriesOf(model: string, from: Blueprint = blueprint): BlueprintEntry[] {
  return from.entries.filter((entry) => entry.model === model);
}

function onlyEntry(model: string): BlueprintEntry {
  const entries = entriesOf(model);
  expect(entries, model).toHaveLength(1);
  return entries[0]!;
}

function entryById(id: unknown): BlueprintEntry {
  const entry = blueprint.entries.find((candidate) => candidate.id === id);
  if (!entry) throw new Error(`no entry with id ${String(id)}`);
  return entry;
}

/** The entry a `!KeyOf` points at. */
function target(value: unknown): BlueprintEntry {
  expect(isTag(value, "!KeyOf"), `expected !KeyOf, got ${JSON.stringify(value)}`).toBe(true);
  return entryById((value as BlueprintTag).args[0]);
}

function findArgs(value: unknown): unknown[] {
  expect(isTag(value, "!Find"), `expected !Find, got ${JSON.stringify(value)}`).toBe(true);
  return [...(value as BlueprintTag).args];
}

const castelloUrl = resolved<string>(blueprint.context.castello_url);

describe("Castello blueprint: parsing", () => {
  it("parses with every Authentik tag registered, and rejects an unknown tag", () => {
    expect(blueprint.version).toBe(1);
    expect(blueprint.metadata?.name).toBe("Castello");
    expect(BLUEPRINT_TAGS).toEqual(expect.arrayContaining(["!KeyOf", "!Find", "!Context", "!Format", "!Env"]));
    expect(() => parseBlueprint("version: 1\nentries:\n  - model: x\n    attrs: {a: !KeyOff x}\n")).toThrow(/KeyOff/);
  });

  it("has context defaults for the URL, the client and the group names, and no fixed secret", () => {
    expect(castelloUrl).toBe("http://localhost:3000");
    expect(castelloUrl.endsWith("/")).toBe(false);
    expect(resolved(blueprint.context.client_id)).toBe("castello");
    expect(resolved(blueprint.context.operators_group)).toBe("castello-operators");
    expect(resolved(blueprint.context.support_group)).toBe("castello-support");
    const secret = blueprint.context.client_secret;
    expect(isTag(secret, "!Env") && (secret as BlueprintTag).args).toEqual(["CASTELLO_CLIENT_SECRET", ""]);
  });
});

describe("Castello blueprint: against Authentik's OpenAPI schema", () => {
  it("maps every model to an existing request schema and a model Authentik knows", () => {
    for (const [model, name] of Object.entries(MODEL_REQUEST_SCHEMAS)) {
      expect(schema.schemas[name], name).toBeDefined();
      expect(schema.schemas[`Patched${name}`], `Patched${name}`).toBeDefined();
      expect(schema.models.has(model), model).toBe(true);
    }
    expect(() => requestSchemaFor("authentik_stages_dummy.dummystage")).toThrow(/no request schema mapped/);
  });

  it("every entry is a valid request body for its model, with no unknown attribute", () => {
    expect(checkBlueprint(blueprint, schema)).toEqual([]);
  });

  it("rejects a misspelled attribute and a wrong enum value (the validator can fail)", () => {
    const stage = { ...onlyEntry("authentik_stages_invitation.invitationstage") };
    stage.attrs = { continue_flow_without_invitaton: false };
    const mfa = { ...onlyEntry("authentik_stages_authenticator_validate.authenticatorvalidatestage") };
    mfa.attrs = { ...mfa.attrs, not_configured_action: "setup" };
    const broken: Blueprint = {
      ...blueprint,
      entries: blueprint.entries.map((entry) => (entry.model === stage.model ? stage : entry.model === mfa.model ? mfa : entry)),
    };

    const problems = checkBlueprint(broken, schema);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/invitationstage.*unknown property "continue_flow_without_invitaton"/),
        expect.stringMatching(/authenticatorvalidatestage.*\/not_configured_action must be equal to one of the allowed values/),
      ]),
    );
  });

  it("catches the same mistakes straight from the YAML text, and a wrong model name", () => {
    const edited = text
      .replace("user_creation_mode: always_create", "user_creation_mod: always_create")
      .replace("sub_mode: hashed_user_id", "sub_mode: hashed_id")
      .replace(
        "authentik_stages_authenticator_webauthn.authenticatorwebauthnstage",
        "authentik_stages_authenticator_webauthn.authenticatewebauthnstage",
      );
    expect(edited).not.toBe(text);
    const problems = checkBlueprint(parseBlueprint(edited), schema);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/userwritestage.*unknown property "user_creation_mod"/),
        expect.stringMatching(/oauth2provider.*\/sub_mode must be equal to one of the allowed values/),
        expect.stringMatching(/authenticatewebauthnstage.*no request schema mapped/),
      ]),
    );
  });

  it("rejects a reference where the schema expects a plain value, and a dangling !KeyOf", () => {
    const edited = text
      .replace("meta_launch_url: !Context castello_url", "meta_launch_url: !KeyOf provider")
      .replace("- !KeyOf stage-totp-setup", "- !KeyOf stage-totp");
    const problems = checkBlueprint(parseBlueprint(edited), schema);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/application.*\/meta_launch_url must be string/),
        expect.stringMatching(/authenticatorvalidatestage.*!KeyOf \["stage-totp"\] names no earlier entry id/),
      ]),
    );
  });
});

describe("Castello blueprint: what it sets up", () => {
  it("creates the staff groups named by the context", () => {
    const names = entriesOf("authentik_core.group").map((entry) => resolved(entry.identifiers.name));
    expect(names).toEqual(["castello-operators", "castello-support"]);
  });

  it("configures a confidential OIDC provider for the portal", () => {
    const provider = entryById("provider");
    const attrs = resolved<Record<string, unknown>>(provider.attrs);
    // Created without a secret, so Authentik generates one ...
    expect(attrs).not.toHaveProperty("client_secret");
    expect(attrs).toMatchObject({
      client_type: "confidential",
      client_id: "castello",
      sub_mode: "hashed_user_id",
      include_claims_in_id_token: true,
      issuer_mode: "per_provider",
    });
    const redirectUris = attrs.redirect_uris as { matching_mode: string; url: string; redirect_uri_type: string }[];
    expect(redirectUris).toEqual([
      { matching_mode: "strict", url: `${castelloUrl}/api/auth/callback/authentik`, redirect_uri_type: "authorization" },
      { matching_mode: "strict", url: `${castelloUrl}/`, redirect_uri_type: "logout" },
    ]);
    expect(findArgs(attrs.signing_key)).toEqual(["authentik_crypto.certificatekeypair", ["name", "authentik Self-signed Certificate"]]);
    expect(findArgs(attrs.authorization_flow)).toEqual([
      "authentik_flows.flow",
      ["slug", "default-provider-authorization-implicit-consent"],
    ]);
    expect(findArgs(attrs.invalidation_flow)).toEqual(["authentik_flows.flow", ["slug", "default-provider-invalidation-flow"]]);
    const scopes = (attrs.property_mappings as unknown[]).map((mapping) => findArgs(mapping));
    expect(scopes).toEqual(
      ["openid", "email", "profile"].map((scope) => [
        "authentik_providers_oauth2.scopemapping",
        ["managed", `goauthentik.io/providers/oauth2/scope-${scope}`],
      ]),
    );
  });

  it("sets the client secret only when the context gives one, never to an empty string", () => {
    const updates = entriesOf("authentik_providers_oauth2.oauth2provider").filter((entry) => entry !== entryById("provider"));
    expect(updates).toHaveLength(1);
    const update = updates[0]!;
    expect(update.identifiers).toEqual(entryById("provider").identifiers);
    expect(Object.keys(update.attrs)).toEqual(["client_secret"]);
    expect(isTag(update.attrs.client_secret, "!Context")).toBe(true);
    // ... and this entry only runs when the secret is non-empty (Authentik: all(conditions)).
    expect(update.conditions).toEqual([update.attrs.client_secret]);
    expect(resolved(update.conditions)).toEqual([""]);
  });

  it("publishes the application `castello` (issuer <authentik>/application/o/castello/)", () => {
    const application = onlyEntry("authentik_core.application");
    expect(application.identifiers).toEqual({ slug: "castello" });
    expect(target(application.attrs.provider).model).toBe("authentik_providers_oauth2.oauth2provider");
    expect(resolved(application.attrs.meta_launch_url)).toBe(castelloUrl);
  });

  describe("the enrollment flow", () => {
    const flow = entriesOf("authentik_flows.flow").find((entry) => entry.identifiers.slug === "castello-enrollment");
    const bindings = entriesOf("authentik_flows.flowstagebinding")
      .filter((binding) => flow && target(binding.identifiers.target) === flow)
      .map((binding) => ({
        order: resolved<number>(binding.attrs.order ?? binding.identifiers.order),
        stage: target(binding.identifiers.stage),
      }))
      .sort((a, b) => a.order - b.order);
    const stageOf = (model: string) => {
      const binding = bindings.find((candidate) => candidate.stage.model === model);
      if (!binding) throw new Error(`no ${model} bound to the enrollment flow`);
      return binding.stage;
    };

    it("is an enrollment flow for people who are not signed in", () => {
      expect(flow?.attrs).toMatchObject({ designation: "enrollment", authentication: "require_unauthenticated" });
    });

    it("binds the stages in order: invitation, prompt, user write, MFA, login, redirect", () => {
      expect(bindings.map((binding) => binding.stage.model)).toEqual([
        "authentik_stages_invitation.invitationstage",
        "authentik_stages_prompt.promptstage",
        "authentik_stages_user_write.userwritestage",
        "authentik_stages_authenticator_validate.authenticatorvalidatestage",
        "authentik_stages_user_login.userloginstage",
        "authentik_stages_redirect.redirectstage",
      ]);
      expect(new Set(bindings.map((binding) => binding.order)).size).toBe(bindings.length);
      // Castello's live set-up check (lib/authentik/setup-check.ts) looks the stages up by name.
      expect(bindings.map((binding) => resolved(binding.stage.identifiers.name))).toEqual(
        ["invitation", "prompt", "user-write", "mfa", "login", "redirect"].map((stage) => `castello-enrollment-${stage}`),
      );
    });

    it("cannot be used without an invitation", () => {
      expect(stageOf("authentik_stages_invitation.invitationstage").attrs.continue_flow_without_invitation).toBe(false);
    });

    it("prompts for a fixed e-mail, name, username and the password twice", () => {
      const prompt = stageOf("authentik_stages_prompt.promptstage");
      const fields = (prompt.attrs.fields as unknown[]).map((field) => target(field).attrs);
      expect(fields.map((field) => [field.field_key, field.type])).toEqual([
        ["email", "text_read_only"],
        ["name", "text"],
        ["username", "username"],
        ["password", "password"],
        ["password_repeat", "password"],
      ]);
      // The invitation's fixed_data pre-fills prompt fields with the same key.
      const keys = fields.map((field) => field.field_key);
      for (const key of FIXED_DATA_PROMPT_KEYS) expect(keys).toContain(key);
      const policies = (prompt.attrs.validation_policies as unknown[]).map((policy) => target(policy));
      expect(policies.map((policy) => [policy.model, policy.attrs.password_field])).toEqual([
        ["authentik_policies_password.passwordpolicy", "password"],
      ]);
    });

    it("always creates an active internal user", () => {
      expect(stageOf("authentik_stages_user_write.userwritestage").attrs).toMatchObject({
        user_creation_mode: "always_create",
        create_users_as_inactive: false,
        user_type: "internal",
      });
    });

    it("makes the new user set up TOTP or WebAuthn before logging in", () => {
      const mfa = stageOf("authentik_stages_authenticator_validate.authenticatorvalidatestage");
      expect(mfa.attrs.not_configured_action).toBe("configure");
      expect(mfa.attrs.device_classes).toEqual(["totp", "webauthn"]);
      expect((mfa.attrs.configuration_stages as unknown[]).map((stage) => target(stage).model)).toEqual([
        "authentik_stages_authenticator_totp.authenticatortotpstage",
        "authentik_stages_authenticator_webauthn.authenticatorwebauthnstage",
      ]);
    });

    it("ends with a static redirect back to Castello's onboarding page", () => {
      const redirect = stageOf("authentik_stages_redirect.redirectstage");
      expect(redirect.attrs.mode).toBe("static");
      expect(resolved(redirect.attrs.target_static)).toBe(`${castelloUrl}/onboarding/complete`);
    });
  });
});
