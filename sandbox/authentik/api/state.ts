import { randomUUID } from "node:crypto";
import { Directory, type DirectoryUser, type SignInEvent } from "../directory";
import type { OidcApplication } from "../oidc";
import { ANONYMOUS_USER, EventLog, eventUser, type EventUser, type RequestInfo } from "./event-log";
import { generateId, uuidHex } from "./format";
import { generateKeyPairRecordSync, SELF_SIGNED_NAME } from "./certificates";
import type {
  ApplicationRecord,
  CertificateKeyPairRecord,
  DeviceKind,
  DeviceRecord,
  FlowRecord,
  FlowStageBindingRecord,
  InvitationRecord,
  OAuth2ProviderRecord,
  PolicyBindingRecord,
  RecoveryToken,
  ScopeMappingRecord,
  SentRecoveryEmail,
  StageRecord,
} from "./records";
import { ENROLLMENT_FLOW_SLUG, RECOVERY_FLOW_SLUG, seedEnrollmentStages, seedFlows, seedScopeMappings } from "./seeds";

export interface ApiStateOptions {
  /** Shared with the OIDC issuer; pass the one given to `startFakeAuthentik`. */
  directory?: Directory;
  /** Seeds one OAuth2 provider and one application (same slug) per OIDC application; see `addOidcApplication`. */
  applications?: OidcApplication[];
  /** Owner of the API token: created as a superuser (group `authentik Admins`) when missing. */
  tokenUsername?: string;
  /** DRF's PAGE_SIZE (authentik: 100) and the cap on `page_size`. */
  pageSize?: number;
  maxPageSize?: number;
}

export type InvitationUse =
  | { ok: true; invitation: InvitationRecord; fixedData: Record<string, unknown> }
  | { ok: false; reason: "not_found" | "expired" | "wrong_flow" };

const DEVICE_MODELS: Record<DeviceKind, { app: string; model: string }> = {
  static: { app: "authentik_stages_authenticator_static", model: "StaticDevice" },
  totp: { app: "authentik_stages_authenticator_totp", model: "TOTPDevice" },
  webauthn: { app: "authentik_stages_authenticator_webauthn", model: "WebAuthnDevice" },
  duo: { app: "authentik_stages_authenticator_duo", model: "DuoDevice" },
  sms: { app: "authentik_stages_authenticator_sms", model: "SMSDevice" },
  email: { app: "authentik_stages_authenticator_email", model: "EmailDevice" },
};

export function deviceModel(kind: DeviceKind): { app: string; model: string } {
  return DEVICE_MODELS[kind];
}

/**
 * Everything the fake Authentik API holds besides users and groups (those live in the shared
 * Directory). Tests and the fake's flows act on it directly through the methods below.
 */
export class ApiState {
  readonly directory: Directory;
  readonly tokenUser: DirectoryUser;
  readonly events: EventLog;
  readonly flows = new Map<string, FlowRecord>();
  readonly invitations = new Map<string, InvitationRecord>();
  readonly devices: DeviceRecord[] = [];
  readonly scopeMappings = new Map<string, ScopeMappingRecord>();
  readonly providers = new Map<number, OAuth2ProviderRecord>();
  /** Applications by pk; looked up by slug over the API. */
  readonly applications = new Map<string, ApplicationRecord>();
  /** Stages of every kind by pk, in creation order. */
  readonly stages = new Map<string, StageRecord>();
  readonly bindings = new Map<string, FlowStageBindingRecord>();
  /** Certificate-key pairs by pk; "authentik Self-signed Certificate" is seeded. */
  readonly certificateKeyPairs = new Map<string, CertificateKeyPairRecord>();
  /** Policy bindings (to groups or users) by pk; an application's decide who may sign in to it. */
  readonly policyBindings = new Map<string, PolicyBindingRecord>();
  readonly recoveryTokens = new Map<string, RecoveryToken>();
  readonly sentRecoveryEmails: SentRecoveryEmail[] = [];
  /** The email stage `/core/users/{id}/recovery_email/` can be given. */
  readonly defaultEmailStage: string;
  readonly brand = { pk: randomUUID(), domain: "authentik-default", recoveryFlowSlug: RECOVERY_FLOW_SLUG as string | null };
  readonly pageSize: number;
  readonly maxPageSize: number;
  private nextDevicePk = new Map<DeviceKind, number>();
  private nextProviderPk = 1;

  constructor(options: ApiStateOptions = {}) {
    this.directory = options.directory ?? new Directory();
    this.pageSize = options.pageSize ?? 100;
    this.maxPageSize = options.maxPageSize ?? 100;
    this.events = new EventLog({ app: "authentik_brands", model_name: "brand", pk: uuidHex(this.brand.pk), name: this.brand.domain });
    const username = options.tokenUsername ?? "akadmin";
    this.tokenUser =
      this.directory.findUserByUsername(username) ??
      this.directory.createUser({ username, name: "authentik Default Admin", email: "root@localhost", path: "users" });
    const admins =
      this.directory.findGroupByName("authentik Admins") ?? this.directory.createGroup({ name: "authentik Admins", isSuperuser: true });
    this.tokenUser.groupIds.add(admins.pk);
    for (const flow of seedFlows()) this.flows.set(flow.pk, flow);
    for (const mapping of seedScopeMappings()) this.scopeMappings.set(mapping.pk, mapping);
    this.defaultEmailStage = randomUUID();
    this.stages.set(this.defaultEmailStage, { pk: this.defaultEmailStage, name: "default-recovery-email", kind: "email" });
    const enrollment = seedEnrollmentStages(this.flowBySlug(ENROLLMENT_FLOW_SLUG)!.pk);
    for (const stage of enrollment.stages) this.stages.set(stage.pk, stage);
    for (const binding of enrollment.bindings) this.bindings.set(binding.pk, binding);
    const selfSigned = generateKeyPairRecordSync({
      name: SELF_SIGNED_NAME,
      subjectAltNames: [`${generateId()}.self-signed.goauthentik.io`],
    });
    this.certificateKeyPairs.set(selfSigned.pk, selfSigned);
    for (const app of options.applications ?? []) this.addOidcApplication(app);
    this.directory.onSignIn((event) => this.recordSignIn(event));
  }

  flowBySlug(slug: string): FlowRecord | undefined {
    return [...this.flows.values()].find((flow) => flow.slug === slug);
  }

  /** `<base>/if/flow/<slug>/?itoken=<pk>`: the link an invitation is used through. */
  invitationLink(baseUrl: string, invitation: InvitationRecord): string {
    const flow = invitation.flowPk ? this.flows.get(invitation.flowPk) : undefined;
    return `${baseUrl}/if/flow/${flow?.slug ?? ENROLLMENT_FLOW_SLUG}/?itoken=${invitation.pk}`;
  }

  /**
   * What Authentik's invitation stage does with `?itoken=`: checks the invitation (expiry, bound
   * flow), records `invitation_used`, and deletes a single-use one (as its final stage does).
   */
  consumeInvitation(pk: string, options: { flowSlug?: string; user?: DirectoryUser; request?: RequestInfo } = {}): InvitationUse {
    const invitation = this.invitations.get(pk);
    if (!invitation) return { ok: false, reason: "not_found" };
    if (invitation.expires && invitation.expires.getTime() < Date.now()) return { ok: false, reason: "expired" };
    if (options.flowSlug && invitation.flowPk && this.flows.get(invitation.flowPk)?.slug !== options.flowSlug)
      return { ok: false, reason: "wrong_flow" };
    const actor = options.user ? eventUser(options.user) : ANONYMOUS_USER;
    this.events.record({
      action: "invitation_used",
      app: "authentik.stages.invitation.signals",
      user: actor,
      context: { invitation_uuid: uuidHex(pk) },
      request: options.request,
    });
    if (invitation.singleUse) {
      this.invitations.delete(pk);
      this.events.model("model_deleted", this.invitationRef(invitation), actor, options.request);
    }
    return { ok: true, invitation, fixedData: structuredClone(invitation.fixedData) };
  }

  invitationRef(invitation: InvitationRecord): { app: string; model_name: string; pk: string; name: string } {
    const creator = this.directory.getUser(invitation.createdByPk)?.username ?? "";
    return {
      app: "authentik_stages_invitation",
      model_name: "invitation",
      pk: uuidHex(invitation.pk),
      name: `Invitation ${invitation.pk} created by ${creator}`,
    };
  }

  /** Registers an authenticator for a user, as a finished TOTP/WebAuthn setup stage would. */
  addDevice(
    userPk: number,
    kind: DeviceKind,
    options: { name?: string; confirmed?: boolean; deviceType?: string | null; actor?: EventUser; request?: RequestInfo } = {},
  ): DeviceRecord {
    if (!this.directory.getUser(userPk)) throw new Error(`no user ${userPk}`);
    const pk = this.nextDevicePk.get(kind) ?? 1;
    this.nextDevicePk.set(kind, pk + 1);
    const now = new Date();
    const defaults: Record<DeviceKind, string> = {
      totp: "TOTP Device",
      webauthn: "WebAuthn Device",
      static: "Static Token",
      duo: "Duo Device",
      sms: "SMS Device",
      email: "Email Device",
    };
    const device: DeviceRecord = {
      kind,
      pk,
      userPk,
      name: options.name ?? defaults[kind],
      confirmed: options.confirmed ?? true,
      created: now,
      lastUpdated: now,
      lastUsed: null,
      deviceType: options.deviceType ?? null,
    };
    this.devices.push(device);
    const user = this.directory.getUser(userPk)!;
    this.events.model("model_created", this.deviceRef(device), options.actor ?? eventUser(user), options.request);
    return device;
  }

  deviceRef(device: DeviceRecord): { app: string; model_name: string; pk: number; name: string } {
    const { app, model } = DEVICE_MODELS[device.kind];
    return { app, model_name: model.toLowerCase(), pk: device.pk, name: device.name };
  }

  devicesOf(userPk: number): DeviceRecord[] {
    return this.devices.filter((device) => device.userPk === userPk);
  }

  removeDevice(device: DeviceRecord): void {
    this.devices.splice(this.devices.indexOf(device), 1);
  }

  newProviderPk(): number {
    return this.nextProviderPk++;
  }

  applicationBySlug(slug: string): ApplicationRecord | undefined {
    return [...this.applications.values()].find((application) => application.slug === slug);
  }

  /** The application whose `provider` is this one (a OneToOne: at most one). */
  applicationOf(providerPk: number): ApplicationRecord | undefined {
    return [...this.applications.values()].find((application) => application.providerPk === providerPk);
  }

  /** The application this provider is a backchannel provider of (`Provider.backchannel_application`). */
  backchannelApplicationOf(providerPk: number): ApplicationRecord | undefined {
    return [...this.applications.values()].find((application) => application.backchannelProviderPks.includes(providerPk));
  }

  /** Deletes an application; its backchannel providers go with it (`on_delete=CASCADE`). */
  deleteApplication(application: ApplicationRecord): void {
    for (const pk of application.backchannelProviderPks) this.providers.delete(pk);
    this.applications.delete(application.pk);
  }

  /** Deletes a provider; an application using it keeps existing without one (`SET_DEFAULT`). */
  deleteProvider(providerPk: number): void {
    for (const application of this.applications.values()) {
      if (application.providerPk === providerPk) application.providerPk = null;
      application.backchannelProviderPks = application.backchannelProviderPks.filter((pk) => pk !== providerPk);
    }
    this.providers.delete(providerPk);
  }

  /** A flow's stage bindings by `order` (the planner's order). */
  bindingsOf(flowPk: string): FlowStageBindingRecord[] {
    return [...this.bindings.values()].filter((binding) => binding.targetPk === flowPk).sort((a, b) => a.order - b.order);
  }

  /**
   * Unbinds a stage from a flow, as deleting the binding in the admin interface does (the stage
   * stays). For tests simulating an incomplete set-up; returns the removed binding.
   */
  removeBinding(flowSlug: string, stageName: string): FlowStageBindingRecord {
    const flow = this.flowBySlug(flowSlug);
    if (!flow) throw new Error(`no flow ${flowSlug}`);
    const binding = this.bindingsOf(flow.pk).find((candidate) => this.stages.get(candidate.stagePk)?.name === stageName);
    if (!binding) throw new Error(`no stage ${stageName} bound to ${flowSlug}`);
    this.bindings.delete(binding.pk);
    return binding;
  }

  /** Deletes a stage and, by cascade, its bindings. */
  deleteStage(stagePk: string): void {
    for (const binding of [...this.bindings.values()]) if (binding.stagePk === stagePk) this.bindings.delete(binding.pk);
    this.stages.delete(stagePk);
  }

  /** Removes a user with what Authentik cascades: devices and the invitations they created. */
  deleteUser(user: DirectoryUser): void {
    for (const device of this.devicesOf(user.pk)) this.removeDevice(device);
    for (const invitation of [...this.invitations.values()]) if (invitation.createdByPk === user.pk) this.invitations.delete(invitation.pk);
    this.directory.deleteUser(user.pk);
  }

  /** The key pair every install has; the seeded providers sign with it. */
  get selfSignedKeyPair(): CertificateKeyPairRecord {
    return [...this.certificateKeyPairs.values()].find((pair) => pair.name === SELF_SIGNED_NAME)!;
  }

  /**
   * Creates an OAuth2 provider (`Provider for <name>`, signed with the self-signed key pair) and its
   * application with this slug, as a set-up in the admin interface would; does nothing when an
   * application with the slug exists.
   */
  addOidcApplication(app: OidcApplication): ApplicationRecord {
    const existing = this.applicationBySlug(app.slug);
    if (existing) return existing;
    const flow = (slug: string) => this.flowBySlug(slug)!.pk;
    const scopes = [...this.scopeMappings.values()]
      .filter((mapping) => ["openid", "email", "profile"].includes(mapping.scopeName))
      .map((mapping) => mapping.pk);
    const pk = this.newProviderPk();
    this.providers.set(pk, {
      pk,
      name: `Provider for ${app.name}`,
      authenticationFlow: null,
      authorizationFlow: flow("default-provider-authorization-implicit-consent"),
      invalidationFlow: flow("default-provider-invalidation-flow"),
      propertyMappings: scopes,
      clientType: "confidential",
      grantTypes: ["authorization_code", "refresh_token"],
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      accessCodeValidity: "minutes=1",
      accessTokenValidity: "hours=1",
      refreshTokenValidity: "days=30",
      refreshTokenThreshold: "seconds=0",
      includeClaimsInIdToken: true,
      signingKey: this.selfSignedKeyPair.pk,
      encryptionKey: null,
      redirectUris: [
        ...app.redirectUris.map((url) => ({ matching_mode: "strict" as const, url, redirect_uri_type: "authorization" as const })),
        ...(app.postLogoutRedirectUris ?? []).map((url) => ({
          matching_mode: "strict" as const,
          url,
          redirect_uri_type: "logout" as const,
        })),
      ],
      logoutUri: "",
      logoutMethod: "backchannel",
      subMode: "hashed_user_id",
      issuerMode: "per_provider",
      jwtFederationSources: [],
      jwtFederationProviders: [],
    });
    const application: ApplicationRecord = {
      pk: randomUUID(),
      name: app.name,
      slug: app.slug,
      providerPk: pk,
      backchannelProviderPks: [],
      openInNewTab: false,
      metaLaunchUrl: "",
      metaIcon: "",
      metaDescription: "",
      metaPublisher: "",
      policyEngineMode: "any",
      group: "",
      metaHide: false,
    };
    this.applications.set(application.pk, application);
    return application;
  }

  newRecoveryToken(userPk: number, flowSlug: string, expires: Date, forEmail: boolean): RecoveryToken {
    // FlowToken identifier `<uid>-password-reset` is update_or_create'd: one live token per user.
    for (const [key, token] of this.recoveryTokens) if (token.userPk === userPk) this.recoveryTokens.delete(key);
    const token: RecoveryToken = { key: generateId(60), userPk, flowSlug, expires, forEmail };
    this.recoveryTokens.set(token.key, token);
    return token;
  }

  private recordSignIn(event: SignInEvent): void {
    const request: RequestInfo | undefined = event.request && { ...event.request, args: {} };
    if (event.kind === "login") {
      // Reusing a single sign-on session is not a login in Authentik's log.
      if (event.how !== "password") return;
      this.events.record({
        action: "login",
        app: "authentik.events.signals",
        user: eventUser(event.user),
        context: { auth_method: "password", auth_method_args: {} },
        request,
      });
    } else {
      this.events.record({ action: "login_failed", app: "authentik.events.signals", context: { username: event.identifier }, request });
    }
  }
}
