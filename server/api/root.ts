import { apiTokenRouter } from "./routers/api-token";
import { automationRouter } from "./routers/automation";
import { healthRouter } from "./routers/health";
import { modelRouter } from "./routers/model";
import { realtimeRouter } from "./routers/realtime";
import { repositoryRouter } from "./routers/repository";
import { secretRouter } from "./routers/secret";
import { sessionRouter } from "./routers/session";
import { settingsRouter } from "./routers/settings";
import { linearRouter } from "./routers/linear";
import { slackRouter } from "./routers/slack";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  apiToken: apiTokenRouter,
  automation: automationRouter,
  health: healthRouter,
  model: modelRouter,
  realtime: realtimeRouter,
  secret: secretRouter,
  repository: repositoryRouter,
  session: sessionRouter,
  settings: settingsRouter,
  slack: slackRouter,
  linear: linearRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
