import {
  AudioCodec,
  Colorspace,
  CQMode,
  HlsVideoResolution,
  ImageFormat,
  LogLevel,
  OAuthTokenEndpointAuthMethod,
  ReleaseChannel,
  ToneMapping,
  TranscodeHWAccel,
  TranscodePolicy,
  VideoCodec,
  VideoContainer,
  type AdminConfigDto,
} from "@immich/sdk";
import { z } from "zod";

/**
 * Immich 3's AdminConfigSchema (server/src/dtos/config.dto.ts), the body of `PUT /system-config`:
 * the whole object, each part required, unknown keys stripped (nestjs-zod's z.object), `"true"` and
 * `"false"` accepted for booleans.
 */
const configBool = z.preprocess(
  (value) => z.stringbool({ truthy: ["true"], falsy: ["false"], case: "sensitive" }).safeParse(value).data ?? value,
  z.boolean(),
);

const CRON_FIELDS: [string, number, number][] = [
  ["second", 0, 59],
  ["minute", 0, 59],
  ["hour", 0, 23],
  ["dayOfMonth", 1, 31],
  ["month", 1, 12],
  ["dayOfWeek", 0, 7],
];
const NAMES: Record<string, number> = Object.fromEntries(
  [
    ..."jan feb mar apr may jun jul aug sep oct nov dec".split(" ").map((name, index) => [name, index + 1] as const),
    ..."sun mon tue wed thu fri sat".split(" ").map((name, index) => [name, index] as const),
  ].map(([name, value]) => [name, value]),
);

/** What the `cron` package's validateCronExpression refuses: 5 or 6 fields of values, ranges, steps and lists in bounds. */
function cronError(expression: string): string | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length < 5 || parts.length > 6) return "Error: Invalid cron expression: wrong number of fields";
  const fields = parts.length === 5 ? CRON_FIELDS.slice(1) : CRON_FIELDS;
  for (const [index, part] of parts.entries()) {
    const [name, min, max] = fields[index]!;
    for (const item of part.split(",")) {
      const match = /^(\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:\/(\d+))?$/i.exec(item);
      if (!match) return `Error: Field (${name}) cannot be parsed`;
      const bounds = match[1] === "*" ? [] : match[1]!.split("-").map((value) => NAMES[value.toLowerCase()] ?? Number(value));
      if (bounds.some((value) => !Number.isInteger(value) || value < min || value > max))
        return `Error: Field (${name}) value is out of range`;
      if (match[2] !== undefined && Number(match[2]) < 1) return `Error: Field (${name}) has a step of zero`;
    }
  }
  return undefined;
}

const cronExpression = z.string().superRefine((value, ctx) => {
  const error = cronError(value);
  if (error) ctx.addIssue({ code: "custom", message: `Invalid cron expression. ${error}`, input: value });
});

const emptyOrUrl = (error: string) => z.string().refine((url) => url.length === 0 || z.url().safeParse(url).success, { error });

const integrityJob = z.object({ enabled: z.boolean(), cronExpression });
const jobSettings = z.object({ concurrency: z.int().min(1) });
const mlTask = z.object({ enabled: z.boolean() });
const mlModel = mlTask.extend({ modelName: z.string() });
const generatedImage = z.object({
  format: z.enum(ImageFormat),
  quality: z.int().min(1).max(100),
  size: z.int().min(1),
  progressive: configBool.default(false).optional(),
});

const JOBS = [
  "thumbnailGeneration",
  "metadataExtraction",
  "videoConversion",
  "faceDetection",
  "smartSearch",
  "backgroundTask",
  "migration",
  "search",
  "sidecar",
  "library",
  "notifications",
  "ocr",
  "workflow",
  "editor",
  "integrityCheck",
] as const;

const oauth = z
  .object({
    autoLaunch: configBool,
    autoRegister: configBool,
    buttonText: z.string(),
    clientId: z.string(),
    clientSecret: z.string(),
    tokenEndpointAuthMethod: z.enum(OAuthTokenEndpointAuthMethod),
    timeout: z.int().min(1),
    allowInsecureRequests: configBool,
    defaultStorageQuota: z.int().min(0).nullable(),
    enabled: configBool,
    issuerUrl: emptyOrUrl("Issuer URL must be an empty string or a valid URL"),
    accountManagementUrl: emptyOrUrl("Account management URL must be an empty string or a valid URL").optional().default(""),
    scope: z.string(),
    prompt: z.string(),
    endSessionEndpoint: emptyOrUrl("endSessionEndpoint must be an empty string or a valid URL"),
    signingAlgorithm: z.string(),
    profileSigningAlgorithm: z.string(),
    storageLabelClaim: z.string(),
    storageQuotaClaim: z.string(),
    roleClaim: z.string(),
    mobileOverrideEnabled: configBool,
    mobileRedirectUri: z.string(),
  })
  .transform((value, ctx) => {
    if (!value.mobileOverrideEnabled || value.mobileRedirectUri === "") return value;
    if (!z.url().safeParse(value.mobileRedirectUri).success) {
      ctx.issues.push({
        code: "custom",
        message: "Mobile redirect URI must be an empty string or a valid URL",
        input: value.mobileRedirectUri,
      });
      return z.NEVER;
    }
    return value;
  });

export const AdminConfigSchema = z.object({
  backup: z.object({ database: z.object({ enabled: configBool, cronExpression, keepLastAmount: z.int().min(1) }) }),
  ffmpeg: z.object({
    crf: z.coerce.number().int().min(0).max(51),
    threads: z.coerce.number().int().min(0),
    preset: z.string(),
    targetVideoCodec: z.enum(VideoCodec),
    acceptedVideoCodecs: z.array(z.enum(VideoCodec)),
    targetAudioCodec: z.enum(AudioCodec),
    acceptedAudioCodecs: z.array(z.enum(AudioCodec)),
    acceptedContainers: z.array(z.enum(VideoContainer)),
    targetResolution: z.string(),
    maxBitrate: z.string(),
    bframes: z.coerce.number().int().min(-1).max(16),
    refs: z.coerce.number().int().min(0).max(6),
    gopSize: z.coerce.number().int().min(0),
    temporalAQ: configBool,
    cqMode: z.enum(CQMode),
    twoPass: configBool,
    preferredHwDevice: z.string(),
    transcode: z.enum(TranscodePolicy),
    accel: z.enum(TranscodeHWAccel),
    accelDecode: configBool,
    tonemap: z.enum(ToneMapping),
    realtime: z.object({
      enabled: configBool,
      videoCodecs: z.array(z.enum(VideoCodec)),
      resolutions: z.array(z.enum(HlsVideoResolution)),
    }),
  }),
  integrityChecks: z.object({
    missingFiles: integrityJob,
    untrackedFiles: integrityJob,
    checksumFiles: integrityJob.extend({ timeLimit: z.int().nonnegative(), percentageLimit: z.float32().nonnegative().max(1) }),
  }),
  job: z.object(Object.fromEntries(JOBS.map((job) => [job, jobSettings])) as Record<(typeof JOBS)[number], typeof jobSettings>),
  logging: z.object({ enabled: configBool, level: z.enum(LogLevel) }),
  machineLearning: z.object({
    enabled: configBool,
    urls: z.array(z.string()).min(1),
    availabilityChecks: z.object({ enabled: configBool, timeout: z.int(), interval: z.int() }),
    clip: mlModel,
    duplicateDetection: mlTask.extend({ maxDistance: z.number().min(0.001).max(0.1) }),
    facialRecognition: mlModel.extend({
      minScore: z.number().min(0.1).max(1),
      maxDistance: z.number().min(0.1).max(2),
      minFaces: z.int().min(1),
    }),
    ocr: mlModel.extend({
      maxResolution: z.int().min(1),
      minDetectionScore: z.number().min(0.1).max(1),
      minRecognitionScore: z.number().min(0.1).max(1),
    }),
  }),
  map: z.object({ enabled: configBool, lightStyle: z.url(), darkStyle: z.url() }),
  reverseGeocoding: z.object({ enabled: configBool }),
  metadata: z.object({ faces: z.object({ import: configBool }) }),
  oauth,
  passwordLogin: z.object({ enabled: configBool }),
  storageTemplate: z.object({ enabled: configBool, hashVerificationEnabled: configBool, template: z.string() }),
  image: z.object({
    thumbnail: generatedImage,
    preview: generatedImage,
    fullsize: z.object({
      enabled: configBool,
      format: z.enum(ImageFormat),
      quality: z.int().min(1).max(100),
      progressive: configBool.default(false).optional(),
    }),
    colorspace: z.enum(Colorspace),
    extractEmbedded: configBool,
  }),
  newVersionCheck: z.object({ enabled: configBool, channel: z.enum(ReleaseChannel) }),
  nightlyTasks: z.object({
    startTime: z.iso.time({
      precision: -1,
      error: (issue) => `Invalid input: expected string in HH:MM format, received ${typeof issue.input}`,
    }),
    databaseCleanup: configBool,
    missingThumbnails: configBool,
    clusterNewFaces: configBool,
    generateMemories: configBool,
    syncQuotaUsage: configBool,
  }),
  trash: z.object({ enabled: configBool, days: z.int().min(0) }),
  theme: z.object({ customCss: z.string() }),
  library: z.object({ scan: z.object({ enabled: configBool, cronExpression }), watch: z.object({ enabled: configBool }) }),
  notifications: z.object({
    smtp: z.object({
      enabled: configBool,
      from: z.string(),
      replyTo: z.string(),
      transport: z.object({
        ignoreCert: configBool,
        host: z.string(),
        port: z.int().min(0).max(65_535),
        secure: configBool,
        username: z.string(),
        password: z.string(),
      }),
    }),
  }),
  templates: z.object({
    email: z.object({ welcomeTemplate: z.string(), albumInviteTemplate: z.string(), albumUpdateTemplate: z.string() }),
  }),
  server: z.object({
    externalDomain: emptyOrUrl("External domain must be an empty string or a valid URL"),
    loginPageMessage: z.string(),
    publicUsers: configBool,
  }),
  user: z.object({ deleteDelay: z.int().min(1) }),
}) satisfies z.ZodType<AdminConfigDto, unknown>;
