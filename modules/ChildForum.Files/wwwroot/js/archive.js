// The archive page with script: each unfinished archive is followed through GET /api/v1/archives/{id} every two
// seconds; its status and progress bar are updated, the change is said in the page's aria-live region, and the download
// link appears once it is done. Without script the page's refresh link does the same.
const interval = 2000;

const section = document.querySelector('[data-archives]');
const announce = section?.querySelector('[data-archive-announce]');

function statusText(archive) {
    switch (archive.status) {
        case 'queued': return section.dataset.textQueued;
        case 'running': return section.dataset.textRunning.replace('{0}', String(archive.progress));
        case 'done': return section.dataset.textDone;
        default: return section.dataset.textFailed;
    }
}

async function follow(row) {
    const id = row.dataset.archiveId;
    const status = row.querySelector('[data-archive-status]');
    const progress = row.querySelector('progress');
    let last = status.textContent;
    for (;;) {
        await new Promise(resolve => setTimeout(resolve, interval));
        let archive;
        try {
            const response = await fetch(`/api/v1/archives/${encodeURIComponent(id)}`, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
            if (!response.ok) return;
            archive = await response.json();
        } catch {
            return;
        }
        const text = statusText(archive);
        status.textContent = text;
        if (progress) progress.value = archive.progress;
        const finished = archive.status === 'done' || archive.status === 'failed';
        if (text !== last && (finished || archive.status === 'running' && last === section.dataset.textQueued)) {
            announce.textContent = text;
        }
        last = text;
        if (finished) {
            progress?.remove();
            if (archive.status === 'done') row.querySelector('[data-archive-download]')?.removeAttribute('hidden');
            return;
        }
    }
}

if (section) {
    const rows = [...section.querySelectorAll('tr[data-archive-follow="true"]')];
    if (rows.length > 0) {
        section.querySelector('[data-archive-refresh]')?.setAttribute('hidden', '');
        rows.forEach(follow);
    }
}
