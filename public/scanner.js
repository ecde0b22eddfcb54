// The door's camera scanner: the browser's BarcodeDetector reads QR codes from the camera, and
// each code read is handed to the page (the check-in page calls these through wasm-bindgen).
(function () {
  let stream = null;
  let timer = null;
  // Each start is one generation; a stop (or a newer start) ends it, even while the camera
  // is still being granted.
  let generation = 0;

  function stop() {
    generation += 1;
    if (timer) clearInterval(timer);
    timer = null;
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
  }

  async function start(video, onCode, onError) {
    stop();
    const mine = generation;
    try {
      const detector = new BarcodeDetector({ formats: ["qr_code"] });
      const granted = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" },
        audio: false,
      });
      if (mine !== generation) {
        granted.getTracks().forEach((track) => track.stop());
        return;
      }
      stream = granted;
      video.srcObject = stream;
      await video.play();
      if (mine !== generation) return;
      let busy = false;
      timer = setInterval(async () => {
        if (busy || video.readyState < 2) return;
        busy = true;
        try {
          const codes = await detector.detect(video);
          if (codes.length > 0) onCode(codes[0].rawValue);
        } catch (error) {
          // A frame that cannot be read; the next one may.
        } finally {
          busy = false;
        }
      }, 250);
    } catch (error) {
      if (mine !== generation) return;
      stop();
      onError(String(error && error.message ? error.message : error));
    }
  }

  window.marqueeScanner = { start, stop };
})();
