// Phone cameras take photos larger than the server reads (12 megapixels and more). The browser decodes such a
// photo itself, turned upright as its EXIF orientation says, and the page sends it scaled down to fit the server's
// limits instead of the file. An image of another format than PNG and JPEG that the browser opens (WebP, GIF, BMP,
// AVIF...) is sent as a PNG. A PNG or JPEG within the limits, or a file the browser cannot decode, is sent as it is
// (an empty answer), so that the server reads it, or says what is wrong with it.

const jpegQuality = 0.92;
// What was sent for the file in the input (the browser's prepared copy, or the file itself), the part of it a person
// chose to be read instead (cut out here), and the address the page shows the one read at: one each per input, let go
// of when another image is opened or the page goes.
const sentKey = Symbol("sentImage");
const partKey = Symbol("chosenPart");
const shownKey = Symbol("shownImageUrl");
// A photo saved as PNG can stay larger than the server reads after scaling to its pixel limits (camera noise does
// not compress); it is scaled down further, a few times at most, so a digit large enough to read is always left.
const tries = 4;
const smallestSide = 256;

export async function prepareForServer(input, maxSide, maxPixels, maxBytes) {
    const nothing = new Uint8Array(0);
    const file = input.files && input.files[0];
    input[sentKey] = file;
    delete input[partKey];
    const photo = await decode(file);
    if (!photo) return nothing;

    try {
        const isJpeg = file.type === "image/jpeg";
        let scale = Math.min(1, maxSide / Math.max(photo.width, photo.height), Math.sqrt(maxPixels / (photo.width * photo.height)));
        if (scale >= 1 && file.size <= maxBytes && (isJpeg || file.type === "image/png")) return nothing;

        // Photos stay JPEG, small enough to send; anything else becomes PNG, which keeps transparency (JPEG would
        // turn it black).
        const type = isJpeg ? "image/jpeg" : "image/png";
        for (let attempt = 1; ; attempt++) {
            const blob = await encode(photo, scale, type);
            if (!blob) return nothing;
            const longerSide = Math.max(photo.width, photo.height) * scale;
            if (blob.size <= maxBytes || attempt === tries || longerSide <= smallestSide) {
                input[sentKey] = blob;
                return new Uint8Array(await blob.arrayBuffer());
            }
            // Encoded size goes with the pixel count; aim a little under the limit.
            scale *= Math.max(0.5, Math.sqrt(maxBytes / blob.size) * 0.9);
        }
    } finally {
        photo.close();
    }
}

// An address to show the image last sent for this input at (an object URL; the part chosen of it, if one was), or null
// when none was; the address shown before is let go of.
export function urlOfSentImage(input) {
    forgetSentImage(input);
    const sent = input[partKey] ?? input[sentKey];
    if (!sent) return null;
    input[shownKey] = URL.createObjectURL(sent);
    return input[shownKey];
}

// The part of the image sent for this input that a person chose (x, y, width, height: fractions of its upright width and
// height), cut out as an image of the same type (a photo stays JPEG, so the part is no larger than the whole); empty
// when there is no image or the browser cannot cut it.
export async function cropSentImage(input, x, y, width, height) {
    const nothing = new Uint8Array(0);
    const sent = input[sentKey];
    const picture = await decode(sent);
    if (!picture) return nothing;

    try {
        const left = Math.min(picture.width - 1, Math.max(0, Math.floor(x * picture.width)));
        const top = Math.min(picture.height - 1, Math.max(0, Math.floor(y * picture.height)));
        const canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.min(picture.width - left, Math.round(width * picture.width)));
        canvas.height = Math.max(1, Math.min(picture.height - top, Math.round(height * picture.height)));
        canvas.getContext("2d").drawImage(picture, left, top, canvas.width, canvas.height, 0, 0, canvas.width, canvas.height);
        const type = sent.type === "image/jpeg" ? "image/jpeg" : "image/png";
        const part = await new Promise(resolve => canvas.toBlob(resolve, type, jpegQuality));
        if (!part) return nothing;
        input[partKey] = part;
        return new Uint8Array(await part.arrayBuffer());
    } finally {
        picture.close();
    }
}

// The whole image sent for this input again, the part chosen let go of; empty when there is none.
export async function wholeSentImage(input) {
    delete input[partKey];
    const sent = input[sentKey];
    return sent ? new Uint8Array(await sent.arrayBuffer()) : new Uint8Array(0);
}

// The input lets go of the chosen file once it was read, so that choosing the same file again opens it again (an input
// tells of a change only when its file changes).
export function readyForNextFile(input) {
    input.value = "";
}

function forgetSentImage(input) {
    if (input[shownKey]) URL.revokeObjectURL(input[shownKey]);
    delete input[shownKey];
}

// The image decoded by the browser, turned upright as its EXIF orientation says; null when it cannot decode it.
async function decode(blob) {
    if (!blob || typeof createImageBitmap !== "function") return null;
    try {
        return await createImageBitmap(blob);
    } catch {
        return null;
    }
}

async function encode(photo, scale, type) {
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.floor(photo.width * scale));
    canvas.height = Math.max(1, Math.floor(photo.height * scale));
    const context = canvas.getContext("2d");
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = "high";
    context.drawImage(photo, 0, 0, canvas.width, canvas.height);
    return await new Promise(resolve => canvas.toBlob(resolve, type, jpegQuality));
}

// An image dropped anywhere on the page, or pasted (a screenshot copied to the clipboard), is opened as if chosen
// with the button: it becomes the file input's file, and the input's change event does the rest.
const detachKey = Symbol("detachDropsAndPastes");
const draggingClass = "dragging-image";

export function acceptDropsAndPastes(input) {
    stopAcceptingDropsAndPastes(input);
    const root = document.documentElement;
    const carriesFiles = event => !!event.dataTransfer && Array.from(event.dataTransfer.types).includes("Files");
    const open = files => {
        const file = Array.from(files).find(f => f.type.startsWith("image/")) ?? files[0];
        if (!file) return false;
        const transfer = new DataTransfer();
        transfer.items.add(file);
        input.files = transfer.files;
        input.dispatchEvent(new Event("change", { bubbles: true }));
        return true;
    };
    // dragenter and dragleave come for every element crossed; the page is left when as many have left as entered.
    let entered = 0;
    const stopDragging = () => { entered = 0; root.classList.remove(draggingClass); };
    const onDragEnter = event => { if (carriesFiles(event)) { entered++; root.classList.add(draggingClass); } };
    const onDragLeave = event => { if (carriesFiles(event) && --entered <= 0) stopDragging(); };
    const onDragOver = event => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "copy";
    };
    const onDrop = event => {
        stopDragging();
        if (carriesFiles(event) && event.dataTransfer.files.length > 0) {
            event.preventDefault();
            open(event.dataTransfer.files);
        }
    };
    const onPaste = event => {
        const target = event.target;
        const typing = target instanceof HTMLElement
            && (target.isContentEditable || target.matches("textarea, input:not([type=range]):not([type=file]):not([type=button]):not([type=checkbox])"));
        const files = event.clipboardData && event.clipboardData.files;
        if (!typing && files && files.length > 0 && open(files)) event.preventDefault();
    };
    const listeners = [["dragenter", onDragEnter], ["dragleave", onDragLeave], ["dragover", onDragOver], ["drop", onDrop], ["paste", onPaste]];
    for (const [type, listener] of listeners) document.addEventListener(type, listener);
    input[detachKey] = () => {
        for (const [type, listener] of listeners) document.removeEventListener(type, listener);
        stopDragging();
    };
}

export function stopAcceptingDropsAndPastes(input) {
    if (input) forgetSentImage(input);
    if (input && input[detachKey]) {
        input[detachKey]();
        delete input[detachKey];
    }
}
