import { notFound, notFoundFor, validationError } from "./errors";
import { eventUser } from "./event-log";
import { formatDate } from "./format";
import { DEVICE_KINDS, type DeviceKind, type DeviceRecord } from "./records";
import type { ApiRequest, Route } from "./router";
import { deviceModel, type ApiState } from "./state";
import { partialUser } from "./user-serializers";

const VERBOSE: Record<DeviceKind, string> = {
  static: "Static Device",
  totp: "TOTP Device",
  webauthn: "WebAuthn Device",
  duo: "Duo Device",
  sms: "SMS Device",
  email: "Email Device",
};

/** authentik.core.api.devices.DeviceSerializer (MetaNameSerializer + device fields). */
function serializeDevice(device: DeviceRecord) {
  const { app, model } = deviceModel(device.kind);
  return {
    verbose_name: VERBOSE[device.kind],
    verbose_name_plural: `${VERBOSE[device.kind]}s`,
    meta_model_name: `${app}.${model.toLowerCase()}`,
    pk: String(device.pk),
    name: device.name,
    type: `${app}.${model}`,
    confirmed: device.confirmed,
    created: formatDate(device.created),
    last_updated: formatDate(device.lastUpdated),
    last_used: formatDate(device.lastUsed),
    extra_description: device.kind === "webauthn" ? (device.deviceType ?? "Extra description not available") : "",
    external_id: null,
  };
}

/**
 * AdminDeviceViewSet.list: every device class in turn, optionally for one user; not paginated.
 * `user` is read by ParamUserSerializer (a PrimaryKeyRelatedField), so an unknown or malformed
 * pk is a 400 with DRF's field error, not an empty list.
 */
function listAll(request: ApiRequest, state: ApiState) {
  const user = request.query.get("user");
  if (user !== null) {
    const text = user.trim();
    if (!/^-?\d+$/.test(text)) throw validationError({ user: ["Incorrect type. Expected pk value, received str."] });
    if (!state.directory.getUser(Number(text))) throw validationError({ user: [`Invalid pk "${text}" - object does not exist.`] });
  }
  const devices = DEVICE_KINDS.flatMap((kind) =>
    state.devices
      .filter((device) => device.kind === kind && (user === null || String(device.userPk) === user.trim()))
      .sort((a, b) => a.pk - b.pk),
  );
  return { status: 200, body: devices.map(serializeDevice) };
}

function findDevice(state: ApiState, kind: DeviceKind, id: string): DeviceRecord {
  if (!/^\d+$/.test(id)) throw notFound();
  const device = state.devices.find((candidate) => candidate.kind === kind && candidate.pk === Number(id));
  if (!device) throw notFoundFor(deviceModel(kind).model);
  return device;
}

function retrieve(request: ApiRequest, state: ApiState, kind: "totp" | "webauthn") {
  const device = findDevice(state, kind, request.params.id!);
  const user = state.directory.getUser(device.userPk)!;
  if (kind === "totp") return { status: 200, body: { name: device.name, pk: device.pk, user: partialUser(user) } };
  return {
    status: 200,
    body: {
      pk: device.pk,
      name: device.name,
      created_on: formatDate(device.created),
      device_type: null,
      aaguid: "00000000-0000-0000-0000-000000000000",
      user: partialUser(user),
    },
  };
}

function destroy(request: ApiRequest, state: ApiState, kind: DeviceKind) {
  const device = findDevice(state, kind, request.params.id!);
  state.events.model("model_deleted", state.deviceRef(device), eventUser(request.user), request.info);
  state.removeDevice(device);
  return { status: 204 };
}

export const authenticatorRoutes: Route[] = [
  { method: "GET", path: "/authenticators/admin/all/", handler: listAll },
  { method: "GET", path: "/authenticators/admin/totp/{id}/", handler: (request, state) => retrieve(request, state, "totp") },
  { method: "GET", path: "/authenticators/admin/webauthn/{id}/", handler: (request, state) => retrieve(request, state, "webauthn") },
  ...DEVICE_KINDS.map((kind): Route => ({
    method: "DELETE",
    path: `/authenticators/admin/${kind}/{id}/`,
    handler: (request, state) => destroy(request, state, kind),
  })),
];
