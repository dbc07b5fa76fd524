// The microphone: MediaRecorder (webm/opus where the browser has it), a level meter and a timer.

const TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];
// Longer than any question asks for, and inside the API's 600 s limit with room to stop.
export const MAX_SECONDS = 590;

export function clock(seconds) {
  const whole = Math.max(0, Math.floor(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

export class Recorder {
  constructor({ meter, timer, onLimit }) {
    this.meter = meter;
    this.timer = timer;
    this.onLimit = onLimit;
    this.active = false;
  }

  async start() {
    // Automatic gain would flatten the loudness variation the voice-tone estimate listens for.
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: false },
    });
    const type = TYPES.find((t) => MediaRecorder.isTypeSupported(t));
    this.recorder = new MediaRecorder(this.stream, type ? { mimeType: type } : {});
    const chunks = [];
    this.recorder.addEventListener("dataavailable", (event) => {
      if (event.data.size) chunks.push(event.data);
    });
    this.finished = new Promise((resolve) => {
      this.recorder.addEventListener("stop", () =>
        resolve(new Blob(chunks, { type: this.recorder.mimeType || "audio/webm" })),
      );
    });
    this.audio = new AudioContext();
    const analyser = this.audio.createAnalyser();
    analyser.fftSize = 1024;
    this.audio.createMediaStreamSource(this.stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    this.startedAt = performance.now();
    this.recorder.start(1000);
    this.active = true;
    // A timer rather than animation frames: it keeps counting when the tab is in the background.
    this.ticker = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      const rms = Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / samples.length);
      this.meter.value = Math.min(1, rms * 5);
      const seconds = this.seconds();
      this.timer.textContent = clock(seconds);
      if (seconds >= MAX_SECONDS) this.onLimit?.();
    }, 100);
  }

  seconds() {
    return (performance.now() - this.startedAt) / 1000;
  }

  /** Stop and hand back the recording as a Blob. */
  async stop() {
    clearInterval(this.ticker);
    this.active = false;
    this.recorder.stop();
    this.stream.getTracks().forEach((track) => track.stop());
    this.meter.value = 0;
    await this.audio.close();
    return this.finished;
  }
}
