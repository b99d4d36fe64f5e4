import {
  Permission,
  type ServerAboutResponseDto,
  type ServerConfigDto,
  type ServerFeaturesDto,
  type ServerPingResponse,
  type ServerStatsResponseDto,
  type ServerVersionResponseDto,
} from "@immich/sdk";
import { mapUsageByUser } from "../mappers";
import { ok, protectedRoute, publicRoute, type Route } from "../router";

/** The Immich release that @immich/sdk 3.2.2 is generated from. */
export const FAKE_IMMICH_VERSION: ServerVersionResponseDto = { major: 3, minor: 2, patch: 2, prerelease: null };
const version = `v${FAKE_IMMICH_VERSION.major}.${FAKE_IMMICH_VERSION.minor}.${FAKE_IMMICH_VERSION.patch}`;

// What the official image reports; the build numbers are plausible samples, not real ones.
const about: ServerAboutResponseDto = {
  version,
  versionUrl: `https://github.com/immich-app/immich/releases/tag/${version}`,
  licensed: false,
  build: "17800000000",
  buildUrl: "https://github.com/immich-app/immich/actions/runs/17800000000",
  buildImage: version,
  buildImageUrl: "https://github.com/immich-app/immich/pkgs/container/immich-server",
  repository: "immich-app/immich",
  repositoryUrl: "https://github.com/immich-app/immich",
  sourceRef: version,
  sourceCommit: "0000000000000000000000000000000000000000",
  sourceUrl: `https://github.com/immich-app/immich/commit/${version}`,
  nodejs: "v24.11.1",
  ffmpeg: "7.1.1-7",
  libvips: "8.17.2",
  exiftool: "13.36",
  imagemagick: "7.1.2-3",
};

/** /api/server: server/src/controllers/server.controller.ts and server/src/services/server.service.ts. */
export const serverRoutes: Route[] = [
  publicRoute("GET", "/api/server/ping", () => ok({ res: "pong" } satisfies ServerPingResponse)),
  publicRoute("GET", "/api/server/version", () => ok(FAKE_IMMICH_VERSION)),
  // ServerService.getFeatures, from the system config.
  publicRoute("GET", "/api/server/features", ({ config }) => {
    const ml = config.machineLearning;
    const smartSearch = ml.enabled && ml.clip.enabled;
    const features: ServerFeaturesDto = {
      configFile: false,
      duplicateDetection: smartSearch && ml.duplicateDetection.enabled,
      email: config.notifications.smtp.enabled,
      facialRecognition: ml.enabled && ml.facialRecognition.enabled,
      importFaces: config.metadata.faces.import,
      map: config.map.enabled,
      oauth: config.oauth.enabled,
      oauthAutoLaunch: config.oauth.autoLaunch,
      ocr: ml.enabled && ml.ocr.enabled,
      passwordLogin: config.passwordLogin.enabled,
      realtimeTranscoding: config.ffmpeg.realtime.enabled,
      reverseGeocoding: config.reverseGeocoding.enabled,
      search: true,
      sidecar: true,
      smartSearch,
      trash: config.trash.enabled,
    };
    return ok(features);
  }),
  // ServerService.getSystemConfig, from the system config.
  publicRoute("GET", "/api/server/config", ({ config, store }) => {
    const serverConfig: ServerConfigDto = {
      externalDomain: config.server.externalDomain,
      isInitialized: store.hasAdmin(),
      isOnboarded: false,
      loginPageMessage: config.server.loginPageMessage,
      maintenanceMode: false,
      mapDarkStyleUrl: config.map.darkStyle,
      mapLightStyleUrl: config.map.lightStyle,
      minFaces: config.machineLearning.facialRecognition.minFaces,
      oauthAccountManagementUrl: config.oauth.accountManagementUrl,
      oauthButtonText: config.oauth.buttonText,
      publicUsers: config.server.publicUsers,
      trashDays: config.trash.days,
      userDeleteDelay: config.user.deleteDelay,
    };
    return ok(serverConfig);
  }),
  protectedRoute("GET", "/api/server/about", { permission: Permission.ServerAbout }, () => ok(about)),
  protectedRoute("GET", "/api/server/statistics", { permission: Permission.ServerStatistics, admin: true }, ({ store }) => {
    const stats: ServerStatsResponseDto = { photos: 0, videos: 0, usage: 0, usagePhotos: 0, usageVideos: 0, usageByUser: [] };
    for (const usage of store.statisticsRows().map(mapUsageByUser)) {
      stats.photos += usage.photos;
      stats.videos += usage.videos;
      stats.usage += usage.usage;
      stats.usagePhotos += usage.usagePhotos;
      stats.usageVideos += usage.usageVideos;
      stats.usageByUser.push(usage);
    }
    return ok(stats);
  }),
];
