import { randomUUID } from "node:crypto";
import { validateExpression } from "../expressions/evaluator";
import { evaluateClaimNames } from "../oidc/claims";
import { MESSAGES, notFound, notFoundFor } from "./errors";
import { eventUser } from "./event-log";
import { BodyReader } from "./fields";
import { booleanParam, textParam } from "./filters";
import { canonicalUuid, isUuid, uuidHex } from "./format";
import { order, paginate, search } from "./pagination";
import type { ScopeMappingRecord } from "./records";
import type { ApiRequest, Route } from "./router";
import type { ApiState } from "./state";

/** authentik.providers.oauth2.api.scopes.ScopeMappingSerializer */
function serializeMapping(mapping: ScopeMappingRecord) {
  return {
    pk: mapping.pk,
    managed: mapping.managed,
    name: mapping.name,
    expression: mapping.expression,
    component: "ak-property-mapping-provider-scope-form",
    verbose_name: "Scope Mapping",
    verbose_name_plural: "Scope Mappings",
    meta_model_name: "authentik_providers_oauth2.scopemapping",
    scope_name: mapping.scopeName,
    description: mapping.description,
  };
}

function mappingRef(mapping: ScopeMappingRecord) {
  return { app: "authentik_providers_oauth2", model_name: "scopemapping", pk: uuidHex(mapping.pk), name: `Scope Mapping ${mapping.name}` };
}

function findMapping(state: ApiState, id: string): ScopeMappingRecord {
  if (!isUuid(id)) throw notFound();
  const mapping = state.scopeMappings.get(canonicalUuid(id));
  if (!mapping) throw notFoundFor("ScopeMapping");
  return mapping;
}

function list(request: ApiRequest, state: ApiState) {
  const { query } = request;
  let mappings = [...state.scopeMappings.values()];
  const name = textParam(query, "name");
  if (name !== undefined) mappings = mappings.filter((mapping) => mapping.name === name);
  const scopeName = textParam(query, "scope_name");
  if (scopeName !== undefined) mappings = mappings.filter((mapping) => mapping.scopeName === scopeName);
  const managed = query.getAll("managed").filter(Boolean);
  if (managed.length > 0) mappings = mappings.filter((mapping) => mapping.managed !== null && managed.includes(mapping.managed));
  const unmanaged = booleanParam(query, "managed__isnull");
  if (unmanaged !== undefined) mappings = mappings.filter((mapping) => (mapping.managed === null) === unmanaged);
  mappings = search(mappings, query, [(m) => m.name, (m) => m.scopeName]);
  const ordered = order(
    mappings,
    query,
    { name: (m) => m.name, scope_name: (m) => m.scopeName, managed: (m) => m.managed, pk: (m) => m.pk },
    ["scope_name", "name"],
  );
  return { status: 200, body: paginate(ordered, query, state, serializeMapping) };
}

/**
 * PropertyMappingSerializer: the expression is compiled in Python as `validate_expression` does
 * (`PropertyMappingEvaluator(self.instance)`: the filename is the saved name on update, "None" on
 * create), a SyntaxError or ValueError being `Expression Syntax Error: <str(exc)>`.
 */
async function readMapping(request: ApiRequest, state: ApiState, instance: ScopeMappingRecord | undefined, partial: boolean) {
  const body = BodyReader.from(await request.body(), partial);
  const managed = body.string("managed", { allowNull: true });
  let name = body.string("name", { required: true }) ?? undefined;
  if (name !== undefined && [...state.scopeMappings.values()].some((mapping) => mapping.name === name && mapping !== instance)) {
    name = body.fail("name", MESSAGES.uniqueModel("Property Mapping", "name"));
  }
  let expression = body.string("expression", { required: true }) ?? undefined;
  if (expression !== undefined) {
    const error = await validateExpression(expression, instance ? instance.name : "None");
    if (error) expression = body.fail("expression", error);
  }
  let scopeName = body.string("scope_name", { required: true }) ?? undefined;
  if (scopeName?.includes(" ")) scopeName = body.fail("scope_name", "Value must not contain spaces.");
  const description = body.string("description", { allowBlank: true }) ?? undefined;
  body.throwIfInvalid();
  return { managed, name, expression, scopeName, description };
}

async function create(request: ApiRequest, state: ApiState) {
  const input = await readMapping(request, state, undefined, false);
  const mapping: ScopeMappingRecord = {
    pk: randomUUID(),
    managed: input.managed ?? null,
    name: input.name!,
    expression: input.expression!,
    scopeName: input.scopeName!,
    description: input.description ?? "",
    claimNames: await evaluateClaimNames(input.expression!, input.name!),
  };
  state.scopeMappings.set(mapping.pk, mapping);
  state.events.model("model_created", mappingRef(mapping), eventUser(request.user), request.info);
  return { status: 201, body: serializeMapping(mapping) };
}

async function update(request: ApiRequest, state: ApiState, partial: boolean) {
  const mapping = findMapping(state, request.params.pm_uuid!);
  const input = await readMapping(request, state, mapping, partial);
  if (input.managed !== undefined) mapping.managed = input.managed;
  if (input.name !== undefined) mapping.name = input.name;
  if (input.expression !== undefined) {
    mapping.claimNames = await evaluateClaimNames(input.expression, input.name ?? mapping.name);
    mapping.expression = input.expression;
  }
  if (input.scopeName !== undefined) mapping.scopeName = input.scopeName;
  if (input.description !== undefined) mapping.description = input.description;
  state.events.model("model_updated", mappingRef(mapping), eventUser(request.user), request.info);
  return { status: 200, body: serializeMapping(mapping) };
}

function destroy(request: ApiRequest, state: ApiState) {
  const mapping = findMapping(state, request.params.pm_uuid!);
  state.events.model("model_deleted", mappingRef(mapping), eventUser(request.user), request.info);
  state.scopeMappings.delete(mapping.pk);
  for (const provider of state.providers.values()) provider.propertyMappings = provider.propertyMappings.filter((pk) => pk !== mapping.pk);
  return { status: 204 };
}

export const propertyMappingRoutes: Route[] = [
  { method: "GET", path: "/propertymappings/provider/scope/", handler: list },
  { method: "POST", path: "/propertymappings/provider/scope/", handler: create },
  {
    method: "GET",
    path: "/propertymappings/provider/scope/{pm_uuid}/",
    handler: (request, state) => ({ status: 200, body: serializeMapping(findMapping(state, request.params.pm_uuid!)) }),
  },
  { method: "PUT", path: "/propertymappings/provider/scope/{pm_uuid}/", handler: (request, state) => update(request, state, false) },
  { method: "PATCH", path: "/propertymappings/provider/scope/{pm_uuid}/", handler: (request, state) => update(request, state, true) },
  { method: "DELETE", path: "/propertymappings/provider/scope/{pm_uuid}/", handler: destroy },
];
