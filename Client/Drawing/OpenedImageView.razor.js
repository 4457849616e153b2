// Choosing a part of an opened image to read: while the page asks for it, a box dragged on the picture (mouse, finger
// or pen) is drawn as it goes and, once let go, sent to .NET as fractions of the picture (x, y, width, height). A box
// smaller than a slip of the pointer is dropped, and choosing goes on; Escape calls choosing off. The frame carries
// data-choosing while boxes can be dragged on it.

const minShare = 0.02;
const choosers = new WeakMap();

export function startChoosing(frame, dotNetRef) {
    stopChoosing(frame);
    const state = { frame, dotNetRef, start: null, box: null, pointerId: null };
    state.onDown = e => down(state, e);
    state.onMove = e => move(state, e);
    state.onUp = e => up(state, e);
    state.onKeyDown = e => {
        if (e.key !== "Escape") return;
        e.preventDefault();
        dotNetRef.invokeMethodAsync("OnChoosingCalledOff");
    };
    document.addEventListener("keydown", state.onKeyDown);
    frame.addEventListener("pointerdown", state.onDown);
    frame.addEventListener("pointermove", state.onMove);
    frame.addEventListener("pointerup", state.onUp);
    frame.addEventListener("pointercancel", state.onUp);
    frame.dataset.choosing = "";
    choosers.set(frame, state);
}

export function stopChoosing(frame) {
    const state = frame && choosers.get(frame);
    if (!state) return;
    document.removeEventListener("keydown", state.onKeyDown);
    frame.removeEventListener("pointerdown", state.onDown);
    frame.removeEventListener("pointermove", state.onMove);
    frame.removeEventListener("pointerup", state.onUp);
    frame.removeEventListener("pointercancel", state.onUp);
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
