// Makes the server-rendered thread page live: new messages, edits, presence, typing, reconnect with catch-up.
// Without JavaScript the page still reads and posts as plain HTML forms.
// site.js (loaded first by the layout) provides the shared helpers.
const { apiHeaders, localiseTimes } = window.ChildForum;

const root = document.querySelector("[data-thread-id]");
if (root && window.signalR) {
    const threadId = Number(root.dataset.threadId);
    const text = root.dataset;
    const list = root.querySelector("[data-message-list]");
    const status = root.querySelector("[data-connection-status]");
    const typing = root.querySelector("[data-typing]");
    const presence = root.querySelector("[data-presence]");
    const composer = root.querySelector("[data-composer]");
    const seenKey = `childforum:thread:${threadId}:seen`;
    let lastSeq = Number(root.dataset.lastSeq);
    let fetching = Promise.resolve();

    const setStatus = (message) => { status.textContent = message; };

    // ---- Unread marker: the first message newer than what this browser last saw. ----
    const seen = Number(localStorage.getItem(seenKey) ?? lastSeq);
    const firstUnread = [...list.querySelectorAll("[data-seq]")].find((item) => Number(item.dataset.seq) > seen);
    if (firstUnread) {
        const marker = document.createElement("li");
        marker.className = "unread-marker";
        marker.textContent = text.textNew;
        list.insertBefore(marker, firstUnread);
        if (!location.hash) marker.scrollIntoView({ block: "center" });
    }
    const markSeen = () => localStorage.setItem(seenKey, String(lastSeq));
    markSeen();

    // ---- Server-rendered fragments keep live messages identical to reloaded ones. ----
    const fragmentUrl = (after) => `/groups/${root.dataset.slug}/threads/${threadId}?handler=Messages&after=${after}`;

    function catchUp() {
        fetching = fetching.then(async () => {
            for (;;) {
                const response = await fetch(fragmentUrl(lastSeq), { headers: { Accept: "text/html" } });
                if (!response.ok) return;
                const template = document.createElement("template");
                template.innerHTML = await response.text();
                const items = [...template.content.querySelectorAll("li[data-seq]")];
                if (items.length === 0) return;
                for (const item of items) {
                    const seq = Number(item.dataset.seq);
                    if (seq <= lastSeq) continue;
                    list.append(item);
                    lastSeq = seq;
                }
                markSeen();
                wireReplies(list);
                localiseTimes(list);
            }
        }).catch(() => {});
        return fetching;
    }

    async function refresh(messageId) {
        const item = list.querySelector(`[data-message-id="${messageId}"]`);
        if (!item) return;
        const seq = Number(item.dataset.seq);
        const response = await fetch(fragmentUrl(seq - 1), { headers: { Accept: "text/html" } });
        if (!response.ok) return;
        const template = document.createElement("template");
        template.innerHTML = await response.text();
        const fresh = template.content.querySelector(`li[data-message-id="${messageId}"]`);
        if (fresh) {
            item.replaceWith(fresh);
            wireReplies(fresh.parentElement ?? list);
            localiseTimes(fresh);
        }
    }

    // ---- Hub ----
    const connection = new signalR.HubConnectionBuilder()
        .withUrl("/hubs/discussion")
        .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 30000])
        .configureLogging(signalR.LogLevel.Warning)
        .build();

    connection.on("MessagePosted", (message) => { if (message.threadId === threadId && message.seq > lastSeq) catchUp(); });
    connection.on("MessageEdited", (message) => { if (message.threadId === threadId) refresh(message.id); });
    connection.on("MessageDeleted", (message) => { if (message.threadId === threadId) refresh(message.id); });
    connection.on("ReactionsChanged", (change) => { if (change.threadId === threadId) refresh(change.id); });
    connection.on("ThreadLockChanged", (change) => { if (change.threadId === threadId) location.reload(); });
    connection.on("ThreadAccessRevoked", (id) => {
        if (id !== threadId) return;
        setStatus(text.textRevoked);
        composer?.remove();
        connection.stop();
    });
    connection.on("PresenceChanged", (change) => {
        if (change.threadId !== threadId) return;
        presence.replaceChildren(...change.users.map((user) => {
            const item = document.createElement("li");
            item.textContent = `${user.displayName} · ${user.organisation}`;
            return item;
        }));
    });
    let typingTimer;
    connection.on("UserTyping", (event) => {
        if (event.threadId !== threadId) return;
        typing.textContent = text.textTyping.replace("{0}", event.user.displayName);
        clearTimeout(typingTimer);
        typingTimer = setTimeout(() => { typing.textContent = ""; }, 4000);
    });
    connection.on("NotificationCountChanged", ({ unread }) => {
        for (const badge of document.querySelectorAll("[data-notification-count]")) {
            badge.textContent = String(unread);
            badge.hidden = unread === 0;
            if (badge.dataset.labelFormat) badge.setAttribute("aria-label", badge.dataset.labelFormat.replace("{0}", String(unread)));
        }
    });

    async function join() {
        const joined = await connection.invoke("JoinThread", threadId);
        setStatus(text.textLive);
        if (joined.lastSeq > lastSeq) await catchUp();
    }

    connection.onreconnecting(() => setStatus(text.textReconnecting));
    connection.onreconnected(() => join().catch(() => setStatus(text.textOffline)));
    connection.onclose(() => setStatus(text.textOffline));

    if (root.dataset.signedIn === "true") {
        setStatus(text.textConnecting);
        connection.start().then(join).catch(() => setStatus(text.textOffline));
    }

    // ---- Composer: sends through the API (clear problem details), the hub brings the message to everyone. ----
    if (composer) {
        const body = composer.querySelector("[data-body]");
        const error = composer.querySelector("[data-composer-error]");
        const confirmRow = composer.querySelector("[data-confirm-row]");
        const confirm = composer.querySelector("[data-confirm]");
        const clientMessageId = composer.querySelector("[data-client-message-id]");
        const replyTo = composer.querySelector("[data-reply-to]");
        const replyNote = composer.querySelector("[data-reply-note]");
        const previewButton = composer.querySelector("[data-preview-button]");
        const preview = composer.querySelector("[data-preview]");
        const send = composer.querySelector("button[type=submit]");
        let lastTyping = 0;

        body.addEventListener("input", () => {
            const now = Date.now();
            if (now - lastTyping > 2000 && connection.state === signalR.HubConnectionState.Connected) {
                lastTyping = now;
                connection.invoke("Typing", threadId).catch(() => {});
            }
        });
        body.addEventListener("keydown", (event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) composer.requestSubmit();
        });

        composer.addEventListener("submit", async (event) => {
            event.preventDefault();
            error.textContent = "";
            send.disabled = true;
            send.setAttribute("aria-busy", "true");
            try {
                const response = await fetch(`/api/v1/threads/${threadId}/messages`, {
                    method: "POST",
                    headers: apiHeaders(),
                    body: JSON.stringify({
                        body: body.value,
                        clientMessageId: clientMessageId.value,
                        replyToId: replyTo.value ? Number(replyTo.value) : null,
                        confirmPersonalData: confirm?.checked ?? false,
                    }),
                });
                if (response.ok) {
                    body.value = "";
                    clientMessageId.value = crypto.randomUUID().replaceAll("-", "");
                    replyTo.value = "";
                    replyNote.hidden = true;
                    confirmRow.hidden = true;
                    if (confirm) confirm.checked = false;
                    preview.hidden = true;
                    await catchUp();
                    return;
                }
                const problem = await response.json().catch(() => ({}));
                error.textContent = problem.errors ? Object.values(problem.errors).flat().join(" ") : (problem.detail ?? problem.title ?? response.statusText);
                confirmRow.hidden = problem.code !== "personal-data-confirmation";
            } catch {
                error.textContent = text.textOffline;
            } finally {
                send.disabled = false;
                send.removeAttribute("aria-busy");
            }
        });

        previewButton.hidden = false;
        previewButton.addEventListener("click", async () => {
            if (!preview.hidden) { preview.hidden = true; return; }
            if (!body.value.trim()) { preview.textContent = text.textPreviewEmpty; preview.hidden = false; return; }
            const response = await fetch("/api/v1/markdown/preview", { method: "POST", headers: apiHeaders(), body: JSON.stringify({ markdown: body.value }) });
            if (!response.ok) return;
            preview.innerHTML = (await response.json()).html; // sanitised by the server's one Markdown pipeline
            preview.hidden = false;
        });

        composer.querySelector("[data-cancel-reply]").addEventListener("click", () => {
            replyTo.value = "";
            replyNote.hidden = true;
        });
    }

    function wireReplies(scope) {
        for (const button of scope.querySelectorAll("[data-reply]")) {
            if (!composer || button.dataset.wired) continue;
            button.dataset.wired = "true";
            button.hidden = false;
            button.addEventListener("click", () => {
                composer.querySelector("[data-reply-to]").value = button.dataset.reply;
                const note = composer.querySelector("[data-reply-note]");
                note.querySelector("[data-reply-text]").textContent = `${button.textContent.trim()}: ${button.dataset.replyAuthor}`;
                note.hidden = false;
                composer.querySelector("[data-body]").focus();
            });
        }
    }
    wireReplies(list);
}
