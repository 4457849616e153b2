// Starts the interactive pages (blazor.web.js loads with autostart="false") and, when a page cannot connect to the
// server at all, says so on it: the prerendered page would otherwise look ready while nothing on it responds.
// A connection lost later is Blazor's own reconnect dialog's business.
(() => {
    const signalRError = 4; // SignalR's LogLevel.Error
    let opened = false;

    const show = tooManyPages => {
        const notice = document.getElementById('connection-failed');
        if (!notice || opened) {
            return;
        }

        notice.querySelector('[data-reason]').textContent = tooManyPages
            ? 'This page could not connect to the server: too many pages of this app are open from your network address. Close some of them and reload.'
            : 'This page could not connect to the server. Reload to try again.';
        notice.querySelector('a').href = location.href;
        notice.hidden = false;
    };

    Blazor.start({
        circuit: {
            circuitHandlers: [{ onCircuitOpened: () => { opened = true; } }],
            configureSignalR: builder => builder.configureLogging({
                log(level, message) {
                    if (level < signalRError) {
                        return;
                    }

                    console.error(message);
                    if (message.startsWith('Failed to start the connection')) {
                        show(/Status code '429'/.test(message));
                    }
                },
            }),
        },
    }).catch(error => {
        console.error(error);
        show(false);
    });
})();
