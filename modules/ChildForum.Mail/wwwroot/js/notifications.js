// /account/notifications: while a person has saved no choices, pick their browser's time zone in the list, so the
// digest comes at the hour they expect. Without JavaScript the list shows UTC and the person chooses.
const select = document.querySelector('select[data-prefill-zone="browser"]');
if (select) {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && Array.from(select.options).some(option => option.value === zone)) {
        select.value = zone;
    }
}
