-- CreateIndex
CREATE INDEX "messages_author_id_client_request_id_idx" ON "messages"("author_id", "client_request_id");
