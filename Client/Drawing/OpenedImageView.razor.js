// Choosing a part of an opened image to read: while the page asks for it, a box dragged on the picture (mouse, finger
// or pen) is drawn as it goes and, once let go, sent to .NET as fractions of the picture (x, y, width, height). A box
// smaller than a slip of the pointer is dropped, and choosing goes on; Escape calls choosing off. The frame carries
// data-choosing while boxes can be dragged on it.

const minShare = 0.02;
const choosers = new WeakMap();

export function startChoosing(frame, dotNetRef) {
    stopChoosing(frame);
    const state = { frame, dotNetRef, start: null, box: null, pointerId: null };
    const onUp = e => up(state, e);
    const onKeyDown = e => {
        if (e.key !== "Escape") return;
        e.preventDefault();
        dotNetRef.invokeMethodAsync("OnChoosingCalledOff");
    };
    // [target, event type, listener]
    state.listeners = [
        [document, "keydown", onKeyDown],
        [frame, "pointerdown", e => down(state, e)],
        [frame, "pointermove", e => move(state, e)],
        [frame, "pointerup", onUp],
        [frame, "pointercancel", onUp],
    ];
    for (const [target, type, listener] of state.listeners) target.addEventListener(type, listener);
    frame.dataset.choosing = "";
    choosers.set(frame, state);
}

export function stopChoosing(frame) {
    const state = frame && choosers.get(frame);
    if (!state) return;
    for (const [target, type, listener] of state.listeners) target.removeEventListener(type, listener);
    state.box?.remove();
    delete frame.dataset.choosing;
    choosers.delete(frame);
}

function at(state, e) {
    const rect = state.frame.getBoundingClientRect();
    return [clamp((e.clientX - rect.left) / rect.width), clamp((e.clientY - rect.top) / rect.height)];
}

function clamp(value) {
    return Math.min(1, Math.max(0, value));
}

function down(state, e) {
    if (state.pointerId !== null || (e.pointerType === "mouse" && e.button !== 0)) return;
    e.preventDefault();
    state.frame.setPointerCapture(e.pointerId);
    state.pointerId = e.pointerId;
    state.start = at(state, e);
    state.box?.remove();
    state.box = document.createElement("div");
    state.box.className = "opened-image__choice";
    state.box.dataset.testid = "opened-image-choice";
    state.frame.appendChild(state.box);
    show(state, state.start);
}

function move(state, e) {
    if (e.pointerId !== state.pointerId) return;
    e.preventDefault();
    show(state, at(state, e));
}

function up(state, e) {
    if (e.pointerId !== state.pointerId) return;
    state.pointerId = null;
    const part = box(state.start, at(state, e));
    if (part.width < minShare || part.height < minShare) {
        state.box?.remove();
        state.box = null;
        return;
    }
    state.dotNetRef.invokeMethodAsync("OnPartChosen", part.x, part.y, part.width, part.height);
}

function box([x0, y0], [x1, y1]) {
    return { x: Math.min(x0, x1), y: Math.min(y0, y1), width: Math.abs(x1 - x0), height: Math.abs(y1 - y0) };
}

function show(state, point) {
    const part = box(state.start, point);
    Object.assign(state.box.style, {
        left: `${part.x * 100}%`, top: `${part.y * 100}%`, width: `${part.width * 100}%`, height: `${part.height * 100}%`,
    });
}
