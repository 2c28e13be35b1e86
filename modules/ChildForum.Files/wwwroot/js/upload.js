// Upload forms with script: files chosen or dropped (several at once) go to the documents API one by one, two at a
// time, each with its own progress bar and, when refused, the site's sentence saying why. Without script the form
// posts one file to the upload page.
const parallel = 2;

function problemText(xhr, fallback) {
    try {
        const problem = JSON.parse(xhr.responseText);
        const fieldErrors = problem.errors ? Object.values(problem.errors).flat() : [];
        return fieldErrors[0] || problem.detail || problem.title || fallback;
    } catch {
        return fallback;
    }
}

function uploadOne(form, file, single, row) {
    return new Promise(resolve => {
        const data = new FormData();
        data.append('file', file, file.name);
        if (single) {
            for (const name of ['title', 'description', 'tags']) {
                const value = form.elements[name]?.value.trim();
                if (value) data.append(name, value);
            }
        }
        if (form.dataset.attachTo) data.append('attachTo', form.dataset.attachTo);
        const xhr = new XMLHttpRequest();
        xhr.open('POST', form.dataset.uploadApi);
        xhr.setRequestHeader('RequestVerificationToken', form.elements['__RequestVerificationToken']?.value ?? '');
        xhr.setRequestHeader('Accept', 'application/json');
        xhr.upload.addEventListener('progress', e => {
            if (e.lengthComputable) row.progress.value = Math.round(e.loaded / e.total * 100);
        });
        xhr.addEventListener('load', () => {
            const ok = xhr.status >= 200 && xhr.status < 300;
            row.progress.value = ok ? 100 : row.progress.value;
            row.status.textContent = ok ? form.dataset.textDone : `${form.dataset.textFailed}: ${problemText(xhr, String(xhr.status))}`;
            row.item.classList.add(ok ? 'upload-done' : 'upload-failed');
            resolve(ok);
        });
        xhr.addEventListener('error', () => {
            row.status.textContent = `${form.dataset.textFailed}: ${navigator.onLine ? xhr.statusText || 'network error' : 'offline'}`;
            row.item.classList.add('upload-failed');
            resolve(false);
        });
        xhr.send(data);
    });
}

function rowFor(form, file) {
    const item = document.createElement('li');
    const name = document.createElement('span');
    name.className = 'upload-name';
    name.textContent = file.name;
    const progress = document.createElement('progress');
    progress.max = 100;
    progress.value = 0;
    progress.setAttribute('aria-label', `${form.dataset.textUploading} ${file.name}`);
    const status = document.createElement('span');
    status.className = 'upload-status';
    status.textContent = form.dataset.textUploading;
    item.append(name, progress, status);
    form.querySelector('[data-upload-list]').append(item);
    return { item, progress, status };
}

async function uploadAll(form, files) {
    if (files.length === 0) return;
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    form.querySelector('[data-upload-list]').replaceChildren();
    const queue = files.map(file => ({ file, row: rowFor(form, file) }));
    const single = files.length === 1;
    const results = [];
    const worker = async () => {
        for (let next; (next = queue.shift());) results.push(await uploadOne(form, next.file, single, next.row));
    };
    await Promise.all(Array.from({ length: Math.min(parallel, files.length) }, worker));
    button.disabled = false;
    if (results.every(Boolean)) {
        const done = document.createElement('li');
        done.textContent = form.dataset.textAllDone;
        form.querySelector('[data-upload-list]').append(done);
        window.location.reload();
    }
}

for (const form of document.querySelectorAll('form.upload-form')) {
    const input = form.querySelector('input[type=file]');
    // A new version of a document is one file; elsewhere several files may go at once.
    const oneFile = form.hasAttribute('data-one-file');
    const chosen = files => (oneFile ? files.slice(0, 1) : files);
    input.multiple = !oneFile;
    input.required = false;
    const error = form.querySelector('[data-file-error]');
    // No file chosen: the sentence next to the field, as the page without script says it, and the field to choose one.
    const fileError = text => {
        error.textContent = text;
        if (text) input.setAttribute('aria-invalid', 'true');
        else input.removeAttribute('aria-invalid');
    };
    input.addEventListener('change', () => fileError(''));
    form.addEventListener('submit', e => {
        e.preventDefault();
        const files = chosen(Array.from(input.files));
        if (files.length === 0) {
            fileError(form.dataset.textNoFile);
            input.focus();
            return;
        }
        fileError('');
        uploadAll(form, files);
    });
    const zone = form.querySelector('[data-drop-zone]');
    zone.addEventListener('dragover', e => {
        e.preventDefault();
        zone.classList.add('drop-active');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('drop-active'));
    zone.addEventListener('drop', e => {
        e.preventDefault();
        zone.classList.remove('drop-active');
        fileError('');
        uploadAll(form, chosen(Array.from(e.dataTransfer.files)));
    });
}
