// The bridge: the supervisor inside a sandbox. It gets the repository, runs the repository's
// setup and start scripts, starts OpenCode, and then runs the prompts the control plane sends,
// turning OpenCode's events into Nightshift events. Everything goes over HTTP from here to the
// control plane. Bundled into one file (npm run build:bridge) that plain Node runs.
// docs/sessions.md#the-bridge.
import { mkdirSync } from "node:fs";
import { buildImage } from "./build-image";
import { BootError, type BootReporter, runSetup, runStart, syncRepository } from "./boot";
import { restoreCheckpoint } from "./checkpoint";
import { type BridgeConfig, readConfig } from "./config";
import { openGate } from "./gate";
import { commandLoop, heartbeatLoop } from "./control-loops";
import { backoff, type ControlPlane, createControlPlane, sleep } from "./control-plane";
import { runGitCredentialHelper } from "./git-credential";
import { addCoAuthors, commitLeftovers, setAuthor } from "./git-work";
import { openAgentSession, primeAgent } from "./agent-session";
import { prepareHome } from "./home";
import { log } from "./log";
import { type OpencodeServer, startOpencode } from "./opencode";
import { openPullRequest, type RunningPrompt } from "./pull-request";
import { Outbox } from "./outbox";
import { BRIDGE_ENV, type BridgeCommand, type BridgeEvent, type PromptPayload } from "./protocol";
import { git } from "./run-command";
import { WorkSaver } from "./save-work";
import { StateFile } from "./state";
import { installTools, startToolServer } from "./tools";
import { EventTranslator, type RunOutcome } from "./translate";

const STOP_GRACE_MS = 4_000;
/** OpenCode unreachable this long (its process alive or not) means the agent is gone. */
const AGENT_UNREACHABLE_MS = 5_000;

class Bridge {
  private readonly stateFile: StateFile;
  private readonly controlPlane: ControlPlane;
  private readonly outbox: Outbox;
  private opencode: OpencodeServer | null = null;
  private translator: EventTranslator | null = null;
  private opencodeSessionId = "";
  private readonly queue: PromptPayload[] = [];
  private current: RunningPrompt | null = null;
  private wake: (() => void) | null = null;
  private ready = false;
  private closing = false;
  private agentFailure: string | null = null;
  private onEventStreamOpen: (() => void) | null = null;
  private readonly work: WorkSaver;

  constructor(private readonly config: BridgeConfig) {
    this.stateFile = new StateFile(config.stateDir, config.sandboxId);
    this.work = new WorkSaver(config, this.stateFile, (event) => this.emit(event));
    this.controlPlane = createControlPlane(config.controlPlaneUrl, config.token);
    this.outbox = new Outbox(
      this.controlPlane,
      this.stateFile,
      () => void this.shutdown(1, "the control plane revoked this sandbox"),
    );
  }

  private emit(event: BridgeEvent): void {
    this.outbox.push(event);
  }

  async run(): Promise<void> {
    this.outbox.kick();
    const hooks = {
      isClosing: () => this.closing,
      onRevoked: () => void this.shutdown(1, "the control plane revoked this sandbox"),
    };
    void heartbeatLoop(this.controlPlane, hooks);
    void commandLoop(this.controlPlane, this.stateFile, { ...hooks, take: (command) => this.take(command) });
    this.recoverFromRestart();

    try {
      await this.boot();
    } catch (error) {
      const message =
        error instanceof BootError
          ? error.message
          : `The sandbox could not start: ${error instanceof Error ? error.message : String(error)}`;
      log("boot failed", { error: message });
      this.emit({ type: "sandbox_status", data: { status: "failed", error: message } });
      await this.shutdown(1, "boot failed");
      return;
    }
    await this.promptLoop();
  }

  /** A prompt that was running when an earlier bridge process died cannot be resumed: end it. */
  private recoverFromRestart(): void {
    const state = this.stateFile.state;
    if (!state.runningMessageId) return;
    this.emit({
      type: "execution_complete",
      data: { success: false, reason: "the sandbox's bridge restarted while this prompt ran" },
      messageId: state.runningMessageId,
    });
    state.runningMessageId = null;
    this.stateFile.save();
  }

  private async boot(): Promise<void> {
    const report: BootReporter = {
      phase: (phase, status, extra) => this.emit({ type: "boot_phase", data: { phase, status, ...extra } }),
      warning: (message, detail) => this.emit({ type: "warning", data: { message, ...(detail ? { detail } : {}) } }),
    };
    const state = this.stateFile.state;
    prepareHome(this.config.home);
    // A provider may leave it to the bridge (Vercel Sandbox's disk has only its own root).
    mkdirSync(this.config.workspace, { recursive: true });
    await syncRepository(this.config, report);
    if (!state.booted) await restoreCheckpoint(this.config, report);
    if (!state.booted) await runSetup(this.config, report);
    await runStart(this.config, report);

    const started = Date.now();
    report.phase("agent", "started");
    installTools(this.config.home);
    const deps = {
      config: this.config,
      controlPlane: this.controlPlane,
      current: () => this.current,
      push: (messageId?: string) => this.work.push(messageId),
    };
    const tools = await startToolServer((input) => openPullRequest(deps, input));
    this.opencode = await startOpencode(this.config, tools.env);
    const session = await openAgentSession(this.opencode, this.config.home);
    this.opencodeSessionId = session.id;
    await primeAgent(this.opencode, this.config.agentConfig);
    this.translator = new EventTranslator(session.id, (event) => this.emit(event));
    // Ready only once OpenCode's event stream is open (its first event is server.connected), so
    // that no event of the first prompt can be missed.
    const connected = new Promise<void>((resolve) => (this.onEventStreamOpen = resolve));
    void this.eventLoop();
    await Promise.race([connected, sleep(10_000)]);
    report.phase("agent", "finished", { durationMs: Date.now() - started });

    state.booted = true;
    this.stateFile.save();
    this.ready = true;
    this.emit({ type: "sandbox_status", data: { status: "ready" } });
  }

  private async eventLoop(): Promise<void> {
    const opencode = this.opencode!;
    let unreachableSince: number | null = null;
    for (let attempt = 0; !this.closing; attempt += 1) {
      try {
        await opencode.subscribe((event) => {
          this.onEventStreamOpen?.();
          this.translator?.handle(event);
        });
      } catch (error) {
        if (this.closing) return;
        log("OpenCode's event stream broke; reconnecting", { error });
      }
      if (this.closing) return;
      const exitCode = opencode.process.exitCode;
      const healthy = exitCode === null && (await opencode.isHealthy());
      unreachableSince = healthy ? null : (unreachableSince ?? Date.now());
      if (exitCode !== null || (unreachableSince !== null && Date.now() - unreachableSince > AGENT_UNREACHABLE_MS)) {
        // The sandbox cannot run prompts any more: end the running one, then report the sandbox
        // failed (after that prompt's work is pushed), so that the next prompt gets a new sandbox.
        log("OpenCode is gone", { exitCode });
        opencode.stop("SIGKILL");
        this.agentFailure =
          exitCode === null
            ? `The agent (OpenCode) stopped answering for ${AGENT_UNREACHABLE_MS / 1000} s.`
            : `The agent (OpenCode) stopped unexpectedly with exit code ${exitCode}.`;
        this.translator?.end({ success: false, error: "the agent (OpenCode) stopped unexpectedly" });
        if (!this.current) await this.failAgent();
        return;
      }
      await sleep(backoff(attempt, 2_000));
    }
  }

  private async take(command: BridgeCommand): Promise<void> {
    switch (command.type) {
      case "prompt":
        this.queue.push(command.payload);
        this.wake?.();
        return;
      case "stop":
        return this.stop(command.payload.messageId, command.payload.reason);
      case "push":
        if (!this.current && this.ready) await this.work.pushAfterPrompt();
        return;
      case "shutdown":
        return void this.shutdown(0, "the control plane asked");
      case "checkpoint":
        // Not awaited: the commands that follow (a stop) must not wait for a push.
        if (this.current && this.ready) this.work.checkpoint(this.current.prompt.messageId);
        return;
    }
  }

  private async stop(messageId: string, reason: string): Promise<void> {
    const waiting = this.queue.findIndex((prompt) => prompt.messageId === messageId);
    if (waiting >= 0) {
      this.queue.splice(waiting, 1);
      this.emit({ type: "execution_complete", data: { success: false, reason }, messageId });
      return;
    }
    if (this.current?.prompt.messageId !== messageId) return;
    this.current.stopReason = reason;
    await this.opencode
      ?.request("POST", `/session/${this.opencodeSessionId}/abort`, {})
      .catch((error: unknown) => log("abort failed", { error }));
    // OpenCode reports idle after an abort; if it does not, the prompt ends anyway.
    setTimeout(() => {
      if (this.current?.prompt.messageId === messageId) this.translator?.end({ success: false, error: reason });
    }, STOP_GRACE_MS).unref();
  }

  private async promptLoop(): Promise<void> {
    while (!this.closing) {
      const prompt = this.queue.shift();
      if (!prompt) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        continue;
      }
      await this.runPrompt(prompt);
      if (this.agentFailure) return this.failAgent();
    }
  }

  private async failAgent(): Promise<void> {
    const error = this.agentFailure ?? "The agent (OpenCode) stopped.";
    this.emit({ type: "sandbox_status", data: { status: "failed", error } });
    await this.shutdown(1, "OpenCode stopped");
  }

  private async runPrompt(prompt: PromptPayload): Promise<void> {
    const state = this.stateFile.state;
    this.current = { prompt, startCommit: null };
    state.runningMessageId = prompt.messageId;
    this.stateFile.save();
    const { messageId } = prompt;
    this.emit({
      type: "user_message",
      data: {
        content: prompt.content,
        author: prompt.author,
        model: `${prompt.model.provider}/${prompt.model.name}`,
        reasoningEffort: prompt.reasoningEffort,
      },
      messageId,
    });

    let outcome: RunOutcome;
    const startCommit = await git(["rev-parse", "HEAD"], this.config.repoDir).catch(() => null);
    this.current.startCommit = startCommit;
    try {
      await setAuthor(this.config, prompt.author);
      const done = this.translator!.begin(messageId);
      await this.opencode!.request("POST", `/session/${this.opencodeSessionId}/prompt_async`, {
        // A notice is the agent's to read, not the person's words: OpenCode keeps it out of view.
        parts: [
          ...(prompt.notice ? [{ type: "text", text: prompt.notice, synthetic: true }] : []),
          { type: "text", text: prompt.content },
        ],
        model: { providerID: prompt.model.provider, modelID: prompt.model.name },
        agent: "build",
        // Every model's efforts are declared as its variants (server/models/agent-config.ts).
        ...(prompt.reasoningEffort ? { variant: prompt.reasoningEffort } : {}),
      });
      outcome = await done;
    } catch (error) {
      outcome = { success: false, error: error instanceof Error ? error.message : String(error) };
      this.translator?.end(outcome);
    }
    const stopReason = this.current.stopReason;
    if (stopReason) outcome = { success: false, error: stopReason };
    // A checkpoint on its way finishes before the work is committed and pushed.
    await this.work.checkpointDone();

    try {
      await commitLeftovers(this.config, prompt);
      if (startCommit) await addCoAuthors(this.config, prompt, startCommit);
    } catch (error) {
      this.emit({
        type: "warning",
        data: {
          message: `Could not commit the agent's changes: ${error instanceof Error ? error.message : String(error)}`,
        },
        messageId,
      });
    }
    await this.work.pushAfterPrompt(messageId);

    this.emit({
      type: "execution_complete",
      data: {
        success: outcome.success,
        ...(outcome.success ? {} : { reason: outcome.error ?? "the agent run failed" }),
      },
      messageId,
    });
    this.current = null;
    state.runningMessageId = null;
    this.stateFile.save();
  }

  async shutdown(code: number, why: string): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    log(`shutting down: ${why}`);
    this.opencode?.stop();
    this.wake?.();
    await this.outbox.drain(code === 0 ? 10_000 : 5_000);
    this.outbox.close();
    process.exit(code);
  }
}

function watchParent(bridge: Bridge): void {
  // A local sandbox without bubblewrap (which ends the sandbox with its parent) leaves when the control plane goes.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void bridge.shutdown(1, "the control plane process is gone");
  }, 2_000).unref();
}

if (process.argv[2] === "git-credential") {
  // The same bundle is git's credential helper (git-credential.ts).
  process.exitCode = await runGitCredentialHelper(process.argv[3]);
} else if (process.argv[2] === "build-image") {
  // And a repository image's build (build-image.ts).
  if (process.env[BRIDGE_ENV.gateDir]) await openGate(process.env[BRIDGE_ENV.gateDir]!);
  process.exit(await buildImage());
} else {
  const config = readConfig();
  // In a sealed sandbox, nothing leads out until the gate is open.
  if (config.gateDir) await openGate(config.gateDir);
  const bridge = new Bridge(config);
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void bridge.shutdown(0, signal));
  if (config.isWatchingParent) watchParent(bridge);
  bridge.run().catch((error: unknown) => {
    log("the bridge failed", { error });
    void bridge.shutdown(1, "unexpected error");
  });
}
