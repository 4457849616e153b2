// Choosing a part of an opened image to read: while the page asks for it, a box on the picture marks the part. It
// starts around the ink read; a box dragged on the picture (mouse, finger or pen) replaces it and, once let go, is sent
// to .NET as fractions of the picture (x, y, width, height). From the keyboard, the picture takes the focus: the arrow
// keys move the box, Shift with an arrow changes its size, and Enter sends it. A box smaller than a slip of the pointer
// is dropped, and choosing goes on; Escape calls choosing off. The frame carries data-choosing while a part is chosen.

const minShare = 0.02;
const keyStep = 0.02;
const choosers = new WeakMap();

export function startChoosing(frame, dotNetRef, start) {
    stopChoosing(frame);
    const state = { frame, dotNetRef, start: null, part: fit(start), box: null, pointerId: null };
    const onUp = e => up(state, e);
    const onKeyDown = e => {
        if (e.key !== "Escape") return;
        e.preventDefault();
        dotNetRef.invokeMethodAsync("OnChoosingCalledOff");
    };
    // [target, event type, listener]
    state.listeners = [
        [document, "keydown", onKeyDown],
        [frame, "keydown", e => key(state, e)],
        [frame, "pointerdown", e => down(state, e)],
        [frame, "pointermove", e => move(state, e)],
        [frame, "pointerup", onUp],
        [frame, "pointercancel", onUp],
    ];
    for (const [target, type, listener] of state.listeners) target.addEventListener(type, listener);
    state.box = document.createElement("div");
    state.box.className = "opened-image__choice";
    state.box.dataset.testid = "opened-image-choice";
    frame.appendChild(state.box);
    show(state, state.part);
    frame.tabIndex = 0;
    frame.setAttribute("role", "application");
    frame.setAttribute("aria-label", "The part of the image to read");
    frame.setAttribute("aria-describedby", "image-part-hint");
    frame.dataset.choosing = "";
    choosers.set(frame, state);
    frame.focus({ preventScroll: true });
}

export function stopChoosing(frame) {
    const state = frame && choosers.get(frame);
    if (!state) return;
    for (const [target, type, listener] of state.listeners) target.removeEventListener(type, listener);
    state.box.remove();
    frame.removeAttribute("tabindex");
    frame.removeAttribute("role");
    frame.removeAttribute("aria-label");
    frame.removeAttribute("aria-describedby");
    delete frame.dataset.choosing;
    choosers.delete(frame);
}

function at(state, e) {
    const rect = state.frame.getBoundingClientRect();
    return [clamp((e.clientX - rect.left) / rect.width), clamp((e.clientY - rect.top) / rect.height)];
}

function clamp(value, low = 0, high = 1) {
    return Math.min(high, Math.max(low, value));
}

// The part moved or sized back within the picture, no smaller than a slip of the pointer.
function fit({ x, y, width, height }) {
    width = clamp(width, minShare);
    height = clamp(height, minShare);
    return { x: clamp(x, 0, 1 - width), y: clamp(y, 0, 1 - height), width, height };
}

function key(state, e) {
    if (state.pointerId !== null) return;
    if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        if (!e.repeat) send(state); // a held Enter that started choosing does not read the starting box at once
        return;
    }
    const [dx, dy] = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key] ?? [0, 0];
    if (dx === 0 && dy === 0) return;
    e.preventDefault();
    const { x, y, width, height } = state.part;
    state.part = e.shiftKey
        ? fit({ x, y, width: Math.min(width + dx * keyStep, 1 - x), height: Math.min(height + dy * keyStep, 1 - y) })
        : fit({ x: x + dx * keyStep, y: y + dy * keyStep, width, height });
    show(state, state.part);
}

function down(state, e) {
    if (state.pointerId !== null || (e.pointerType === "mouse" && e.button !== 0)) return;
    e.preventDefault();
    state.frame.setPointerCapture(e.pointerId);
    state.pointerId = e.pointerId;
    state.start = at(state, e);
    show(state, box(state.start, state.start));
}

function move(state, e) {
    if (e.pointerId !== state.pointerId) return;
    e.preventDefault();
    show(state, box(state.start, at(state, e)));
}

function up(state, e) {
    if (e.pointerId !== state.pointerId) return;
    state.pointerId = null;
    const part = box(state.start, at(state, e));
    if (part.width < minShare || part.height < minShare) {
        show(state, state.part);
        return;
    }
    state.part = part;
    send(state);
}

function send(state) {
    const { x, y, width, height } = state.part;
    state.dotNetRef.invokeMethodAsync("OnPartChosen", x, y, width, height);
}

function box([x0, y0], [x1, y1]) {
    return { x: Math.min(x0, x1), y: Math.min(y0, y1), width: Math.abs(x1 - x0), height: Math.abs(y1 - y0) };
}

function show(state, part) {
    Object.assign(state.box.style, {
        left: `${part.x * 100}%`, top: `${part.y * 100}%`, width: `${part.width * 100}%`, height: `${part.height * 100}%`,
    });
}
