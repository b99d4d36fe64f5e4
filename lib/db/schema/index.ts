export * from "./enums";
export * from "./tenants";
export * from "./families";
export * from "./members";
export * from "./invites";
export * from "./audit";
export * from "./outbox";
export * from "./sessions";
