/** The invite token travels from the invite page to /onboarding/complete in an httpOnly cookie. */
export const ONBOARDING_COOKIE = "castello_invite";
export const ONBOARDING_COOKIE_MAX_AGE = 60 * 60;
