-- A suspended sandbox is still the session's one live sandbox: no second one may start beside
-- it. (Its own migration: Postgres does not let the transaction that adds an enum value use it.)
DROP INDEX "sandboxes_one_live_per_session";
CREATE UNIQUE INDEX "sandboxes_one_live_per_session" ON "sandboxes"("session_id") WHERE (status = ANY (ARRAY['pending'::"SandboxStatus", 'spawning'::"SandboxStatus", 'syncing'::"SandboxStatus", 'ready'::"SandboxStatus", 'running'::"SandboxStatus", 'snapshotting'::"SandboxStatus", 'suspended'::"SandboxStatus"]));
