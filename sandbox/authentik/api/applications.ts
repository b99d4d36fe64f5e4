import { randomUUID } from "node:crypto";
import type { DirectoryUser } from "../directory";
import { MESSAGES, notFoundFor, validationError } from "./errors";
import { eventUser } from "./event-log";
import { BodyReader } from "./fields";
import { textParam } from "./filters";
import { uuidHex } from "./format";
import { order, paginate, search } from "./pagination";
import { userCanAccess } from "./policy-engine";
import { serializeProviderBase } from "./providers";
import type { ApplicationRecord, OAuth2ProviderRecord } from "./records";
import type { ApiRequest, Route } from "./router";
import type { ApiState } from "./state";
import { serializeUser } from "./user-serializers";

const SLUG = /^[-a-zA-Z0-9_]+$/;
/** `Application.reserved_slugs`: they would clash with the OAuth2 provider's global endpoints. */
const RESERVED_SLUGS = ["authorize", "token", "device", "userinfo", "introspect", "revoke"];
const POLICY_ENGINE_MODES = ["all", "any"] as const;
/** DomainlessFormattedURLValidator: the schemes URLValidator accepts, plus `blank`. */
const URL_SCHEMES = ["http", "https", "blank", "ftp", "ftps"];
const URL_PATTERN =
  /^[a-z0-9.+-]*:\/\/(?:[^\s:@/]+(?::[^\s:@/]*)?@)?(?:[%()a-z]*[a-z0-9\u00a1-\uffff][-a-z0-9\u00a1-\uffff._%()]*|\[[0-9a-f:.]+\])(?::\d{1,5})?(?:[/?#]\S*)?$/i;

/** OAuth2Provider.launch_url: the first redirect URI without its path. */
function providerLaunchUrl(provider: OAuth2ProviderRecord): string | null {
  const first = provider.redirectUris[0];
  if (!first) return null;
  const parts = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?:\/\/([^/?#]*))?[^?#]*(?:\?([^#]*))?(?:#(.*))?$/.exec(first.url);
  if (!parts) return null;
  const [, scheme = "", netloc, query, fragment] = parts;
  // urlunparse writes `//` for a netloc, or for an empty one under the schemes that use one.
  const usesNetloc = netloc !== undefined && (netloc !== "" || ["http", "https", "ftp", "file"].includes(scheme));
  const authority = usesNetloc ? `//${netloc}` : "";
  return `${scheme ? `${scheme}:` : ""}${authority}${query ? `?${query}` : ""}${fragment ? `#${fragment}` : ""}`;
}

/** Python's `str()` of a JSON value, as `%`-formatting renders it. */
function pythonStr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "string" || typeof value === "number") return String(value);
  return JSON.stringify(value);
}

/**
 * `url % UserSerializer(user).data`. Only `%(key)s` and `%%` are understood; anything else that
 * Python would reject (or format oddly) leaves the URL as it is, as upstream's fallback does.
 */
function formatLaunchUrl(url: string, data: Record<string, unknown>): string {
  let failed = false;
  const formatted = url.replace(/%(?:\((\w+)\)s|(%)|.?)/g, (match, key: string | undefined, percent: string | undefined) => {
    if (percent) return "%";
    if (key !== undefined && Object.hasOwn(data, key)) return pythonStr(data[key]);
    failed = true;
    return match;
  });
  return failed ? url : formatted;
}

/** Application.get_launch_url: the meta launch URL, else the provider's, formatted with the requesting user. */
function launchUrl(state: ApiState, application: ApplicationRecord, user?: DirectoryUser): string | null {
  const provider = application.providerPk === null ? undefined : state.providers.get(application.providerPk);
  const url = application.metaLaunchUrl || (provider ? providerLaunchUrl(provider) : null);
  if (!url || !user) return url;
  return formatLaunchUrl(url, serializeUser(state.directory, user) as unknown as Record<string, unknown>);
}

/**
 * authentik.core.api.applications.ApplicationSerializer. Icon files are not stored: `meta_icon_url`
 * is `meta_icon` as given, `meta_icon_themed_urls` its light/dark variants when it has `%(theme)s`.
 */
function serializeApplication(state: ApiState, application: ApplicationRecord, user?: DirectoryUser) {
  const provider = application.providerPk === null ? undefined : state.providers.get(application.providerPk);
  const backchannel = application.backchannelProviderPks
    .map((pk) => state.providers.get(pk))
    .filter((entry): entry is OAuth2ProviderRecord => !!entry);
  const icon = application.metaIcon;
  return {
    pk: application.pk,
    pbm_uuid: application.pk,
    name: application.name,
    slug: application.slug,
    provider: provider ? provider.pk : null,
    provider_obj: provider ? serializeProviderBase(state, provider) : null,
    backchannel_providers: backchannel.map((entry) => entry.pk),
    backchannel_providers_obj: backchannel.map((entry) => serializeProviderBase(state, entry)),
    launch_url: launchUrl(state, application, user),
    open_in_new_tab: application.openInNewTab,
    meta_launch_url: application.metaLaunchUrl,
    meta_icon: icon,
    meta_icon_url: icon === "" ? null : icon,
    meta_icon_themed_urls: icon.includes("%(theme)s")
      ? { light: icon.replaceAll("%(theme)s", "light"), dark: icon.replaceAll("%(theme)s", "dark") }
      : null,
    meta_description: application.metaDescription,
    meta_publisher: application.metaPublisher,
    policy_engine_mode: application.policyEngineMode,
    group: application.group,
    meta_hide: application.metaHide,
  };
}

function applicationRef(application: ApplicationRecord) {
  return { app: "authentik_core", model_name: "application", pk: uuidHex(application.pk), name: application.name };
}

function findApplication(state: ApiState, slug: string): ApplicationRecord {
  const application = state.applicationBySlug(slug);
  if (!application) throw notFoundFor("Application");
  return application;
}

/**
 * ApplicationViewSet.list: filters, search and ordering apply, the page is cut, then the
 * applications the user (`for_user`, else the caller) may not access by their policy bindings
 * are dropped from it and, with `only_with_launch_url=true`, those without a launch URL.
 * `count` stays the total. `superuser_full_list=true` skips both.
 */
function list(request: ApiRequest, state: ApiState) {
  const { query } = request;
  let applications = [...state.applications.values()];
  const exact: [string, (a: ApplicationRecord) => string][] = [
    ["name", (a) => a.name],
    ["slug", (a) => a.slug],
    ["meta_launch_url", (a) => a.metaLaunchUrl],
    ["meta_description", (a) => a.metaDescription],
    ["meta_publisher", (a) => a.metaPublisher],
    ["group", (a) => a.group],
  ];
  for (const [param, value] of exact) {
    const wanted = textParam(query, param);
    if (wanted !== undefined) applications = applications.filter((application) => value(application) === wanted);
  }
  applications = search(
    applications,
    query,
    exact.map(([, value]) => value),
  );
  const ordered = order(
    applications,
    query,
    {
      pk: (a) => a.pk,
      name: (a) => a.name,
      slug: (a) => a.slug,
      provider: (a) => a.providerPk,
      open_in_new_tab: (a) => a.openInNewTab,
      meta_launch_url: (a) => a.metaLaunchUrl,
      meta_description: (a) => a.metaDescription,
      meta_publisher: (a) => a.metaPublisher,
      policy_engine_mode: (a) => a.policyEngineMode,
      group: (a) => a.group,
      meta_hide: (a) => a.metaHide,
    },
    ["name"],
  );
  const superuserFullList = (query.get("superuser_full_list") ?? "false").toLowerCase() === "true";
  let onlyWithLaunchUrl = !superuserFullList && (query.get("only_with_launch_url") ?? "false").toLowerCase() === "true";
  const page = paginate(ordered, query, state, (application) => application);
  let viewer = request.user;
  if (!superuserFullList && query.has("for_user")) {
    const raw = (query.get("for_user") ?? "").trim();
    // `int()` failing raises a bare ValidationError: DRF answers its default message as a list.
    if (!/^[-+]?\d+$/.test(raw)) throw validationError(["Invalid input."]);
    const forUser = state.directory.getUser(Number(raw));
    // Raised from the view, so the message is not wrapped in a list.
    if (!forUser) throw validationError({ for_user: "User not found" });
    // The policies are evaluated for that user; launch URLs are still formatted for the caller.
    viewer = forUser;
    onlyWithLaunchUrl = false;
  }
  const results = (page.results as ApplicationRecord[]).filter(
    (application) =>
      (superuserFullList || userCanAccess(state, application, viewer)) && (!onlyWithLaunchUrl || launchUrl(state, application) !== null),
  );
  return { status: 200, body: { ...page, results: results.map((application) => serializeApplication(state, application, request.user)) } };
}

async function readApplication(request: ApiRequest, state: ApiState, instance: ApplicationRecord | undefined, partial: boolean) {
  const body = BodyReader.from(await request.body(), partial);
  const others = [...state.applications.values()].filter((application) => application !== instance);
  const name = body.string("name", { required: true }) ?? undefined;
  let slug = body.string("slug", { required: true, pattern: SLUG, patternMessage: MESSAGES.slug }) ?? undefined;
  if (slug !== undefined && others.some((application) => application.slug === slug))
    slug = body.fail("slug", MESSAGES.uniqueModel("Application", "slug"));
  else if (slug !== undefined && RESERVED_SLUGS.includes(slug))
    slug = body.fail("slug", `The slug '${slug}' is reserved and cannot be used for applications.`);
  let provider = body.relatedInt("provider", (pk) => state.providers.has(pk), { allowNull: true });
  // Application.provider is a OneToOneField: ModelSerializer adds a UniqueValidator.
  if (typeof provider === "number" && others.some((application) => application.providerPk === provider))
    provider = body.fail("provider", MESSAGES.uniqueModel("Application", "provider"));
  let metaLaunchUrl = body.string("meta_launch_url", { allowBlank: true }) ?? undefined;
  if (metaLaunchUrl) {
    const scheme = metaLaunchUrl.split("://")[0]!.toLowerCase();
    if (!URL_SCHEMES.includes(scheme) || !URL_PATTERN.test(metaLaunchUrl))
      metaLaunchUrl = body.fail("meta_launch_url", "Enter a valid URL.");
  }
  const input = {
    name,
    slug,
    providerPk: provider,
    backchannelProviderPks: body.relatedInts("backchannel_providers", (pk) => state.providers.has(pk)),
    openInNewTab: body.boolean("open_in_new_tab"),
    metaLaunchUrl,
    metaIcon: body.string("meta_icon", { allowBlank: true }) ?? undefined,
    metaDescription: body.string("meta_description", { allowBlank: true }) ?? undefined,
    metaPublisher: body.string("meta_publisher", { allowBlank: true }) ?? undefined,
    policyEngineMode: body.choice("policy_engine_mode", POLICY_ENGINE_MODES),
    group: body.string("group", { allowBlank: true }) ?? undefined,
    metaHide: body.boolean("meta_hide"),
  };
  body.throwIfInvalid();
  return input;
}

type ApplicationInput = Awaited<ReturnType<typeof readApplication>>;

function apply(state: ApiState, application: ApplicationRecord, input: ApplicationInput): void {
  for (const [key, value] of Object.entries(input) as [keyof ApplicationInput, unknown][]) {
    if (value !== undefined) (application as unknown as Record<string, unknown>)[key] = value;
  }
  // `backchannel_providers` is the reverse of Provider.backchannel_application (a ForeignKey):
  // a provider taken here leaves the application it was a backchannel provider of.
  if (input.backchannelProviderPks !== undefined) {
    for (const other of state.applications.values()) {
      if (other !== application)
        other.backchannelProviderPks = other.backchannelProviderPks.filter((pk) => !input.backchannelProviderPks!.includes(pk));
    }
  }
}

async function create(request: ApiRequest, state: ApiState) {
  const input = await readApplication(request, state, undefined, false);
  const application: ApplicationRecord = {
    pk: randomUUID(),
    name: input.name!,
    slug: input.slug!,
    providerPk: null,
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
  apply(state, application, input);
  state.applications.set(application.pk, application);
  state.events.model("model_created", applicationRef(application), eventUser(request.user), request.info);
  return { status: 201, body: serializeApplication(state, application, request.user) };
}

async function update(request: ApiRequest, state: ApiState, partial: boolean) {
  const application = findApplication(state, request.params.slug!);
  apply(state, application, await readApplication(request, state, application, partial));
  state.events.model("model_updated", applicationRef(application), eventUser(request.user), request.info);
  return { status: 200, body: serializeApplication(state, application, request.user) };
}

function destroy(request: ApiRequest, state: ApiState) {
  const application = findApplication(state, request.params.slug!);
  state.events.model("model_deleted", applicationRef(application), eventUser(request.user), request.info);
  state.deleteApplication(application);
  return { status: 204 };
}

export const applicationRoutes: Route[] = [
  { method: "GET", path: "/core/applications/", handler: list },
  { method: "POST", path: "/core/applications/", handler: create },
  {
    method: "GET",
    path: "/core/applications/{slug}/",
    handler: (request, state) => ({
      status: 200,
      body: serializeApplication(state, findApplication(state, request.params.slug!), request.user),
    }),
  },
  { method: "PUT", path: "/core/applications/{slug}/", handler: (request, state) => update(request, state, false) },
  { method: "PATCH", path: "/core/applications/{slug}/", handler: (request, state) => update(request, state, true) },
  { method: "DELETE", path: "/core/applications/{slug}/", handler: destroy },
];
