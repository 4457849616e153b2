// Phone cameras take photos larger than the server reads (12 megapixels and more). The browser decodes such a
// photo itself, turned upright as its EXIF orientation says, and the page sends it scaled down to fit the server's
// limits instead of the file. Anything within the limits, or a file the browser cannot decode, is sent as it is
// (an empty answer), so that the server reads it, or says what is wrong with it.

const jpegQuality = 0.92;

export async function fitToLimits(input, maxSide, maxPixels) {
    const nothing = new Uint8Array(0);
    const file = input.files && input.files[0];
    if (!file || typeof createImageBitmap !== "function") return nothing;

    let photo;
    try {
        photo = await createImageBitmap(file);
    } catch {
        return nothing;
    }

    try {
        const scale = Math.min(maxSide / Math.max(photo.width, photo.height), Math.sqrt(maxPixels / (photo.width * photo.height)));
        if (scale >= 1) return nothing;

        const canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.floor(photo.width * scale));
        canvas.height = Math.max(1, Math.floor(photo.height * scale));
        const context = canvas.getContext("2d");
        context.imageSmoothingEnabled = true;
        context.imageSmoothingQuality = "high";
        context.drawImage(photo, 0, 0, canvas.width, canvas.height);
        // A PNG keeps its transparency (JPEG would turn it black); photos stay JPEG, small enough to send.
        const type = file.type === "image/png" ? "image/png" : "image/jpeg";
        const blob = await new Promise(resolve => canvas.toBlob(resolve, type, jpegQuality));
        return blob ? new Uint8Array(await blob.arrayBuffer()) : nothing;
    } finally {
        photo.close();
    }
}
