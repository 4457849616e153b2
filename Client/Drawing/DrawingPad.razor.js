// The drawing pad's canvas side. .NET (DrawingPad.razor.cs) owns the strokes: this module captures
// pointer input (mouse, touch, pen), draws the stroke in progress, sends each finished stroke to .NET
// and paints the strokes .NET tells it to show. It follows the pen width slider itself, so a stroke begun
// right after moving the slider has the new width without waiting for a round trip to the server.
// Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z or Ctrl/Cmd+Y, Delete and Escape call .NET's UndoAsync, RedoAsync and ClearAsync,
// as the buttons do. Coordinates are
// in the pad's logical space (side x side), whatever the CSS size and device pixel ratio. Finished strokes
// are simplified to stay far below SignalR's 32 KB.

const minPointSpacing = 1.0;     // logical pixels between kept points while drawing
const maxPointsPerStroke = 1000; // 2 numbers each: ~12 KB of JSON at most
const fadedAlpha = 0.25;         // strokes the models were not given (a stray tap) are painted this light
const pads = new WeakMap();

export function attach(canvas, dotNetRef, side, penWidth, penWidthInput) {
    const pad = {
        canvas, dotNetRef, side, penWidth, penWidthInput,
        shown: [],          // the strokes .NET last gave, kept only to repaint them (after a resize)
        unanswered: [],     // finished strokes sent to .NET that its last answer did not cover yet
        lastStrokeNumber: 0,
        current: null,
        pointerId: null,
        context: canvas.getContext("2d"),
    };

    pad.onPointerDown = e => pointerDown(pad, e);
    pad.onPointerMove = e => pointerMove(pad, e);
    pad.onPointerUp = e => pointerUp(pad, e);
    pad.onKeyDown = e => keyDown(pad, e);
    pad.onPenWidthInput = () => followPenWidth(pad);
    pad.resizeObserver = new ResizeObserver(() => resize(pad));

    canvas.style.touchAction = "none";
    canvas.addEventListener("pointerdown", pad.onPointerDown);
    canvas.addEventListener("pointermove", pad.onPointerMove);
    canvas.addEventListener("pointerup", pad.onPointerUp);
    canvas.addEventListener("pointercancel", pad.onPointerUp);
    canvas.addEventListener("lostpointercapture", pad.onPointerUp);
    document.addEventListener("keydown", pad.onKeyDown);
    penWidthInput.addEventListener("input", pad.onPenWidthInput);
    pad.resizeObserver.observe(canvas);
    pads.set(canvas, pad);
    resize(pad);
}

export function detach(canvas) {
    const pad = pads.get(canvas);
    if (!pad) return;
    canvas.removeEventListener("pointerdown", pad.onPointerDown);
    canvas.removeEventListener("pointermove", pad.onPointerMove);
    canvas.removeEventListener("pointerup", pad.onPointerUp);
    canvas.removeEventListener("pointercancel", pad.onPointerUp);
    canvas.removeEventListener("lostpointercapture", pad.onPointerUp);
    document.removeEventListener("keydown", pad.onKeyDown);
    pad.penWidthInput.removeEventListener("input", pad.onPenWidthInput);
    pad.resizeObserver.disconnect();
    pads.delete(canvas);
}

function followPenWidth(pad) {
    const input = pad.penWidthInput;
    const width = Number(input.value);
    if (Number.isFinite(width)) pad.penWidth = clamp(width, Number(input.min), Number(input.max));
}

// .NET's strokes to paint, each { width, points: [[x, y], ...], faded } in logical coordinates (faded:
// ink the models were not given, painted light), after every change; answeredStroke is the number of the last finished stroke .NET has handled (kept or refused).
// Later finished strokes stay painted on top until their answer comes, so they do not flicker off.
export function showStrokes(canvas, strokes, answeredStroke) {
    const pad = pads.get(canvas);
    if (!pad) return;
    pad.shown = strokes;
    pad.unanswered = pad.unanswered.filter(sent => sent.number > answeredStroke);
    redraw(pad);
}

// The backing store follows the CSS size times the device pixel ratio (sharp on HiDPI screens);
// drawing always happens in logical coordinates through the context transform.
function resize(pad) {
    const rect = pad.canvas.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(rect.width * ratio));
    const height = Math.max(1, Math.round(rect.height * ratio));
    if (pad.canvas.width !== width || pad.canvas.height !== height) {
        pad.canvas.width = width;
        pad.canvas.height = height;
    }
    redraw(pad);
}

function toLogical(pad, e) {
    const rect = pad.canvas.getBoundingClientRect();
    const x = (e.clientX - rect.left) * pad.side / rect.width;
    const y = (e.clientY - rect.top) * pad.side / rect.height;
    return [clamp(x, 0, pad.side), clamp(y, 0, pad.side)];
}

function clamp(value, low, high) {
    return Math.min(high, Math.max(low, value));
}

function pointerDown(pad, e) {
    if (pad.pointerId !== null) return;
    if (e.pointerType === "mouse" && e.button !== 0) return;
    e.preventDefault();
    pad.canvas.setPointerCapture(e.pointerId);
    pad.pointerId = e.pointerId;
    pad.current = { width: pad.penWidth, points: [toLogical(pad, e)] };
    showsInk(pad, true);
    drawDot(pad, pad.current.points[0], pad.current.width);
}

function pointerMove(pad, e) {
    if (e.pointerId !== pad.pointerId || !pad.current) return;
    e.preventDefault();
    const events = typeof e.getCoalescedEvents === "function" ? e.getCoalescedEvents() : [];
    for (const event of (events.length > 0 ? events : [e])) {
        const point = toLogical(pad, event);
        const points = pad.current.points;
        const last = points[points.length - 1];
        if (Math.hypot(point[0] - last[0], point[1] - last[1]) < minPointSpacing) continue;
        points.push(point);
        drawSegment(pad, last, point, pad.current.width);
    }
}

function pointerUp(pad, e) {
    if (e.pointerId !== pad.pointerId || !pad.current) return;
    const stroke = pad.current;
    pad.current = null;
    pad.pointerId = null;
    if (pad.canvas.hasPointerCapture(e.pointerId)) pad.canvas.releasePointerCapture(e.pointerId);
    stroke.points = simplify(stroke.points);
    const number = ++pad.lastStrokeNumber;
    pad.unanswered.push({ number, stroke });
    const flat = [];
    for (const [x, y] of stroke.points) flat.push(round1(x), round1(y));
    pad.dotNetRef.invokeMethodAsync("OnStrokeFinished", number, flat, stroke.width)
        .catch(() => {
            // .NET did not take it (the connection is gone, say): the pad shows only what .NET has.
            pad.unanswered = pad.unanswered.filter(sent => sent.number !== number);
            redraw(pad);
        });
}

function keyDown(pad, e) {
    const target = e.target;
    if (target && (target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && target.type !== "range"))) return;
    const key = e.key.toLowerCase();
    if ((e.ctrlKey || e.metaKey) && !e.shiftKey && key === "z") {
        // Also on a blank pad: undoing a clear brings its strokes back (.NET knows whether there is anything to undo).
        e.preventDefault();
        pad.dotNetRef.invokeMethodAsync("UndoAsync");
    } else if ((e.ctrlKey || e.metaKey) && ((e.shiftKey && key === "z") || (!e.shiftKey && key === "y"))) {
        e.preventDefault();
        pad.dotNetRef.invokeMethodAsync("RedoAsync");
    } else if (e.key === "Delete" || e.key === "Escape") {
        // On a blank pad these keys stay the page's (Escape closing something, say).
        if (isBlank(pad)) return;
        e.preventDefault();
        pad.dotNetRef.invokeMethodAsync("ClearAsync");
    }
}

// Nothing shown and nothing on its way to .NET: clear has nothing to take off.
function isBlank(pad) {
    return pad.shown.length === 0 && pad.unanswered.length === 0;
}

function round1(value) {
    return Math.round(value * 10) / 10;
}

// Douglas-Peucker with a growing tolerance until the stroke fits the point budget.
function simplify(points) {
    let tolerance = 0.35;
    let result = douglasPeucker(points, tolerance);
    while (result.length > maxPointsPerStroke) {
        tolerance *= 2;
        result = douglasPeucker(points, tolerance);
    }
    return result;
}

function douglasPeucker(points, tolerance) {
    if (points.length < 3) return points.slice();
    const keep = new Uint8Array(points.length);
    keep[0] = keep[points.length - 1] = 1;
    const stack = [[0, points.length - 1]];
    while (stack.length > 0) {
        const [first, last] = stack.pop();
        let farthest = -1;
        let farthestDistance = tolerance;
        for (let i = first + 1; i < last; i++) {
            const distance = distanceToSegment(points[i], points[first], points[last]);
            if (distance > farthestDistance) {
                farthest = i;
                farthestDistance = distance;
            }
        }
        if (farthest >= 0) {
            keep[farthest] = 1;
            stack.push([first, farthest], [farthest, last]);
        }
    }
    return points.filter((_, i) => keep[i] === 1);
}

function distanceToSegment(p, a, b) {
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const lengthSquared = dx * dx + dy * dy;
    if (lengthSquared === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
    const t = clamp(((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / lengthSquared, 0, 1);
    return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

function prepareContext(pad) {
    const context = pad.context;
    const scaleX = pad.canvas.width / pad.side;
    const scaleY = pad.canvas.height / pad.side;
    context.setTransform(scaleX, 0, 0, scaleY, 0, 0);
    context.lineCap = "round";
    context.lineJoin = "round";
    context.strokeStyle = "#111827";
    context.fillStyle = "#111827";
    return context;
}

function drawDot(pad, point, width) {
    const context = prepareContext(pad);
    context.beginPath();
    context.arc(point[0], point[1], width / 2, 0, Math.PI * 2);
    context.fill();
}

function drawSegment(pad, from, to, width) {
    const context = prepareContext(pad);
    context.lineWidth = width;
    context.beginPath();
    context.moveTo(from[0], from[1]);
    context.lineTo(to[0], to[1]);
    context.stroke();
}

function redraw(pad) {
    const context = prepareContext(pad);
    context.clearRect(0, 0, pad.side, pad.side);
    const strokes = [...pad.shown, ...pad.unanswered.map(sent => sent.stroke)];
    if (pad.current) strokes.push(pad.current);
    showsInk(pad, strokes.length > 0);
    for (const stroke of strokes) {
        context.globalAlpha = stroke.faded ? fadedAlpha : 1;
        if (stroke.points.length === 1) {
            drawDot(pad, stroke.points[0], stroke.width);
            continue;
        }
        context.lineWidth = stroke.width;
        context.beginPath();
        context.moveTo(stroke.points[0][0], stroke.points[0][1]);
        for (const [x, y] of stroke.points.slice(1)) context.lineTo(x, y);
        context.stroke();
    }
    context.globalAlpha = 1;
}

// data-inked on the canvas while it shows ink, from the moment a stroke starts: what the page shows over the empty pad
// (an opened image) hides then, without waiting for .NET's answer.
function showsInk(pad, inked) {
    if (inked) pad.canvas.dataset.inked = "";
    else delete pad.canvas.dataset.inked;
}

// The canvas as a PNG (its backing store, so HiDPI captures are sharper), streamed to .NET.
export async function capturePng(canvas) {
    const blob = await new Promise(resolve => canvas.toBlob(resolve, "image/png"));
    return blob ? new Uint8Array(await blob.arrayBuffer()) : new Uint8Array(0);
}
