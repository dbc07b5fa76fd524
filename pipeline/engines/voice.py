"""Voice metrics from the audio itself: pitch and energy variation (an acoustic estimate)."""

from __future__ import annotations

from pathlib import Path

import av
import msgspec
import numpy as np

SAMPLE_RATE = 16000
FRAME = 640  # 40 ms
HOP = 320  # 20 ms
MIN_PITCH_HZ, MAX_PITCH_HZ = 70.0, 400.0
# Frames this far above the quietest tenth count as voiced.
VOICED_ENERGY_RATIO = 4.0
MIN_PERIODICITY = 0.5
MIN_VOICED_RMS = 1e-3


class VoiceMetrics(msgspec.Struct, rename="camel", frozen=True):
    """How lively the voice sounded; None where too little voiced sound was found."""

    pitch_median_hz: float | None
    pitch_range_semitones: float | None
    pitch_variation_semitones: float | None
    energy_variation: float | None
    voiced_seconds: float


def load_samples(path: Path) -> np.ndarray:
    """The recording as mono float32 at 16 kHz."""
    resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
    chunks = []
    with av.open(str(path)) as container:
        for frame in container.decode(audio=0):
            chunks += [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
        chunks += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    return np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)


def _frames(samples: np.ndarray) -> np.ndarray:
    count = max(0, 1 + (len(samples) - FRAME) // HOP)
    if count == 0:
        return np.zeros((0, FRAME), np.float32)
    index = np.arange(FRAME)[None, :] + HOP * np.arange(count)[:, None]
    return samples[index]


def _pitch(frame: np.ndarray) -> float | None:
    """Fundamental frequency by normalised autocorrelation, None if not periodic."""
    frame = frame - frame.mean()
    energy = float(np.dot(frame, frame))
    if energy <= 0:
        return None
    corr = np.correlate(frame, frame, mode="full")[FRAME - 1 :] / energy
    low, high = int(SAMPLE_RATE / MAX_PITCH_HZ), int(SAMPLE_RATE / MIN_PITCH_HZ)
    lag = low + int(np.argmax(corr[low:high]))
    return SAMPLE_RATE / lag if corr[lag] >= MIN_PERIODICITY else None


def voice_metrics(samples: np.ndarray) -> VoiceMetrics:
    """Pitch range and variation in semitones, energy variation (coefficient of variation)."""
    frames = _frames(samples)
    if len(frames) == 0:
        return VoiceMetrics(None, None, None, None, 0.0)
    rms = np.sqrt((frames.astype(np.float64) ** 2).mean(axis=1))
    floor = max(float(np.percentile(rms, 10)), 1e-4)
    # Well above the quietest frames, or (no pauses at all) within half of the loudest.
    threshold = max(min(floor * VOICED_ENERGY_RATIO, 0.5 * float(rms.max())), MIN_VOICED_RMS)
    is_voiced = rms > threshold
    voiced, voiced_rms = frames[is_voiced], rms[is_voiced]
    pitches = np.array([p for f in voiced if (p := _pitch(f)) is not None])
    if len(pitches) < 10:
        return VoiceMetrics(None, None, None, None, round(len(voiced) * HOP / SAMPLE_RATE, 2))
    semitones = 12 * np.log2(pitches / np.median(pitches))
    return VoiceMetrics(
        pitch_median_hz=round(float(np.median(pitches)), 1),
        pitch_range_semitones=round(
            float(np.percentile(semitones, 90) - np.percentile(semitones, 10)), 2
        ),
        pitch_variation_semitones=round(float(np.std(semitones)), 2),
        energy_variation=round(float(np.std(voiced_rms) / np.mean(voiced_rms)), 3),
        voiced_seconds=round(len(voiced) * HOP / SAMPLE_RATE, 2),
    )


def voice_file_metrics(path: Path) -> VoiceMetrics:
    """Voice metrics of a recording on disk."""
    return voice_metrics(load_samples(path))
