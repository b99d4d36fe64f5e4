export { enrollmentFlowRoutes, ENROLLMENT_FLOW_PATH, type EnrollmentFlowOptions } from "./enrollment";
export { PASSWORD_POLICY } from "./password-policy";
export { totpCode } from "./totp";
export { userSettingsRoutes, USER_INTERFACE_PATH } from "./user-settings";
